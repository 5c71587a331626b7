// One private endpoint for one sub-resource of a resource (a storage account's table service, a vault, a registry),
// registered in its private DNS zone.

@description('Azure region.')
param location string

@description('The endpoint\'s name.')
param name string

@description('Tags on every resource.')
param tags object

@description('The subnet the endpoint takes an address in.')
param subnetId string

@description('The resource reached through the endpoint.')
param targetId string

@description('Which of its services: table, queue, blob, vault, registry.')
param groupId string

@description('The private DNS zone the endpoint\'s address is registered in.')
param zoneId string

resource endpoint 'Microsoft.Network/privateEndpoints@2024-01-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    subnet: {
      id: subnetId
    }
    privateLinkServiceConnections: [
      {
        name: name
        properties: {
          privateLinkServiceId: targetId
          groupIds: [
            groupId
          ]
        }
      }
    ]
  }
}

resource zoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-01-01' = {
  parent: endpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: groupId
        properties: {
          privateDnsZoneId: zoneId
        }
      }
    ]
  }
}
