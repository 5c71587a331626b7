// FosteringWorkflows on Azure: Container Apps (consumption), a StorageV2 account reached only through Entra ID, Key
// Vault for every secret, a registry for the image, and Application Insights. One resource group per council or hub.
// Deploy: see infra/README.md.
targetScope = 'resourceGroup'

@description('Short name used in every resource name: 3-11 lower-case letters and digits, e.g. hertsfw.')
@minLength(3)
@maxLength(11)
param name string

@description('Azure region; UK South keeps applicants\' data in the UK.')
param location string = resourceGroup().location

@description('Container image (registry/repository:tag). Empty on the first deployment: a placeholder runs until the image is pushed.')
param image string = ''

@description('Timers: true keeps one replica always on (timers on time, about $10 a month more at idle); false scales to zero and a job sweeps every minute.')
param alwaysOn bool = false

@description('Most replicas under load.')
@minValue(1)
@maxValue(30)
param maxReplicas int = 5

@description('Plain settings: councils, hubs, messaging choices, as configuration keys with __ separators. Nothing secret.')
param settings object = {}

@description('Secret settings: configuration key to the name of a Key Vault secret holding its value (API keys, hub secrets, provider keys). Each secret must be in the vault before a deployment names it.')
param keyVaultSettings object = {}

@description('Object id of the person or group who operates the service: sets the Key Vault secrets, reads and replays the poison queues. Empty to grant those roles yourself.')
param operatorPrincipalId string = ''

@description('Storage redundancy.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_ZRS'

var suffix = uniqueString(resourceGroup().id, name)

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${name}'
  location: location
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    name: name
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    accountName: take('${name}${suffix}', 24)
    sku: storageSku
    principalId: identity.properties.principalId
    workspaceId: monitoring.outputs.workspaceId
    operatorPrincipalId: operatorPrincipalId
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    vaultName: take('kv-${name}-${suffix}', 24)
    principalId: identity.properties.principalId
    operatorPrincipalId: operatorPrincipalId
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  params: {
    location: location
    registryName: take('cr${name}${suffix}', 50)
    principalId: identity.properties.principalId
  }
}

module app 'modules/app.bicep' = {
  name: 'app'
  params: {
    location: location
    name: name
    image: image
    alwaysOn: alwaysOn
    maxReplicas: maxReplicas
    identityId: identity.id
    identityClientId: identity.properties.clientId
    registryServer: registry.outputs.loginServer
    storageAccountName: storage.outputs.name
    vaultUri: vault.outputs.uri
    workspaceName: monitoring.outputs.workspaceName
    insightsName: monitoring.outputs.insightsName
    settings: settings
    keyVaultSettings: keyVaultSettings
  }
}

@description('The service\'s address.')
output appUrl string = app.outputs.url

@description('The storage account holding journeys, timers and queues.')
output storageAccount string = storage.outputs.name

@description('The Key Vault the secret settings are read from.')
output keyVault string = vault.outputs.name

@description('Where to push the image.')
output registry string = registry.outputs.loginServer
