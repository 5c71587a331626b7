// FosteringWorkflows on Azure: Container Apps (a workload-profiles environment, Consumption profile), a StorageV2 account
// reached only through Entra ID and locked against deletion, nightly backups to an immutable container of a second
// account, Key Vault for every secret, a registry for the image, Application Insights (Entra ID only) with alerts to the
// operator, and, with privateNetworking, a virtual network with private endpoints for storage, Key Vault and the
// registry. One resource group per council or hub. Deploy: see infra/README.md.
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

@description('The council (or hub) this deployment serves, for the tags: hertfordshire.')
param council string

@description('Which environment this is, for the tags.')
@allowed([
  'production'
  'staging'
  'test'
])
param environmentName string = 'production'

@description('Email address the alerts go to (the operator, or a team mailbox).')
param alertEmail string

@description('Messages given up on in an hour before the operator is alerted.')
@minValue(1)
param deliveryFailureThreshold int = 10

@description('Days the workspace and Application Insights keep logs.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 90

@description('Days each nightly backup is kept unchangeable, then deleted: how long an erased record can live on in a backup (docs/privacy.md).')
@minValue(7)
@maxValue(365)
param backupRetentionDays int = 35

@description('True: CanNotDelete locks on the storage and backup accounts.')
param lockStorage bool = true

@description('True: the environment joins a virtual network, and storage, Key Vault and the registry (Premium) are reached only through private endpoints. Chosen at the first deployment: an environment cannot join a network later.')
param privateNetworking bool = false

@description('True: recover the soft-deleted Key Vault of this name (its resource group was deleted and recreated within 90 days).')
param recoverVault bool = false

@description('A custom domain for the service (fostering.example.gov.uk), or empty for the default domain. Bind it with the CLI first (infra/README.md, "A custom domain").')
param customDomain string = ''

@description('The name of the environment\'s managed certificate for customDomain (az containerapp env certificate list), so each deployment keeps the binding.')
param customDomainCertificate string = ''

@description('The image the sweep and backup jobs run; the release pipeline moves them to a new image only after its smoke test. Empty: the app\'s image.')
param jobImage string = ''

@description('The revision serving now: it keeps all traffic while the new revision is smoke-tested at its "candidate" label. Empty (the first deployment, by hand): the new revision takes traffic at once.')
param stableRevision string = ''

var suffix = uniqueString(resourceGroup().id, name)
var tags = {
  service: 'FosteringWorkflows'
  council: council
  environment: environmentName
}
var storagePrefix = contains(settings, 'Storage__Prefix') ? string(settings.Storage__Prefix) : ''

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${name}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    name: name
    tags: tags
    retentionInDays: logRetentionDays
    principalId: identity.properties.principalId
  }
}

module network 'modules/network.bicep' = if (privateNetworking) {
  name: 'network'
  params: {
    location: location
    name: name
    tags: tags
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
    tags: tags
    privateNetworking: privateNetworking
    lock: lockStorage
  }
}

module backup 'modules/backup.bicep' = {
  name: 'backup'
  params: {
    location: location
    accountName: take('${name}bk${suffix}', 24)
    tags: tags
    containerName: '${storagePrefix}backups'
    retentionDays: backupRetentionDays
    principalId: identity.properties.principalId
    operatorPrincipalId: operatorPrincipalId
    privateNetworking: privateNetworking
    lock: lockStorage
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    vaultName: take('kv-${name}-${suffix}', 24)
    principalId: identity.properties.principalId
    operatorPrincipalId: operatorPrincipalId
    tags: tags
    privateNetworking: privateNetworking
    recover: recoverVault
    workspaceId: monitoring.outputs.workspaceId
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  params: {
    location: location
    registryName: take('cr${name}${suffix}', 50)
    principalId: identity.properties.principalId
    tags: tags
    privateNetworking: privateNetworking
  }
}

// Private endpoints: the service account's tables, queues and blobs (the sign-in keys and sessions are tables), the
// backup account's blobs, the vault and the registry, each registered in its private DNS zone.
var endpoints = privateNetworking ? ['table', 'queue', 'backup', 'vault', 'registry'] : []

module privateEndpoints 'modules/private-endpoint.bicep' = [for endpoint in endpoints: {
  name: 'pe-${endpoint}'
  params: {
    location: location
    name: 'pe-${name}-${endpoint}'
    tags: tags
    subnetId: network!.outputs.endpointsSubnetId
    targetId: endpoint == 'backup' ? backup.outputs.id : endpoint == 'vault' ? vault.outputs.id : endpoint == 'registry' ? registry.outputs.id : storage.outputs.id
    groupId: endpoint == 'backup' ? 'blob' : endpoint
    zoneId: endpoint == 'table' ? network!.outputs.tableZoneId : endpoint == 'queue' ? network!.outputs.queueZoneId : endpoint == 'backup' ? network!.outputs.blobZoneId : endpoint == 'vault' ? network!.outputs.vaultZoneId : network!.outputs.registryZoneId
  }
}]

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
    tags: tags
    appsSubnetId: privateNetworking ? network!.outputs.appsSubnetId : ''
    backupAccountName: backup.outputs.name
    customDomain: customDomain
    customDomainCertificate: customDomainCertificate
    jobImage: jobImage
    stableRevision: stableRevision
  }
  dependsOn: [
    privateEndpoints
  ]
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    location: location
    name: name
    tags: tags
    alertEmail: alertEmail
    workspaceId: monitoring.outputs.workspaceId
    appId: app.outputs.appId
    appName: app.outputs.appName
    sweepJobName: app.outputs.sweepJobName
    backupJobName: app.outputs.backupJobName
    alwaysOn: alwaysOn
    storagePrefix: storagePrefix
    deliveryFailureThreshold: deliveryFailureThreshold
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

@description('The container app\'s name, for the release pipeline.')
output appName string = app.outputs.appName

@description('The storage account the nightly backups go to.')
output backupAccount string = backup.outputs.name

@description('The value of the asuid TXT record a custom domain needs.')
output customDomainVerificationId string = app.outputs.customDomainVerificationId

@description('The app\'s default host name, the target of a custom domain\'s CNAME.')
output defaultHost string = app.outputs.defaultHost
