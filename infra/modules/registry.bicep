// The registry the image is pushed to; the app pulls with its identity (no admin user, no password).

@description('Azure region.')
param location string

@description('Registry name (5-50 letters and digits, globally unique).')
param registryName string

@description('Principal id of the app\'s managed identity.')
param principalId string

@description('Tags on every resource.')
param tags object

@description('True: Premium (the tier that takes private endpoints), no public network access.')
param privateNetworking bool

var acrPull = '7f951dda-4ed3-4680-a7ca-43fe172d538d'

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: registryName
  location: location
  tags: tags
  sku: {
    name: privateNetworking ? 'Premium' : 'Basic'
  }
  properties: {
    adminUserEnabled: false
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
  }
}

resource pull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, principalId, acrPull)
  scope: registry
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPull)
  }
}

output name string = registry.name
output id string = registry.id
output loginServer string = registry.properties.loginServer
