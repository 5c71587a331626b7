// The private network option: a virtual network with a subnet delegated to the Container Apps environment (workload
// profiles need /27 at least; /23 leaves room to grow) and a subnet for private endpoints, and the private DNS zones the
// endpoints register in, linked to the network, so the app resolves storage, Key Vault and the registry privately.

@description('Azure region.')
param location string

@description('Base name for the resources.')
param name string

@description('Tags on every resource.')
param tags object

@description('The network\'s address space.')
param addressPrefix string = '10.40.0.0/16'

var zones = [
  'privatelink.table.${environment().suffixes.storage}'
  'privatelink.queue.${environment().suffixes.storage}'
  'privatelink.blob.${environment().suffixes.storage}'
  'privatelink.vaultcore.azure.net'
  'privatelink.azurecr.io'
]

resource network 'Microsoft.Network/virtualNetworks@2024-01-01' = {
  name: 'vnet-${name}'
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: 'apps'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 23, 0)
          delegations: [
            {
              name: 'container-apps'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: 'endpoints'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 2)
        }
      }
    ]
  }
}

resource dns 'Microsoft.Network/privateDnsZones@2020-06-01' = [for zone in zones: {
  name: zone
  location: 'global'
  tags: tags
}]

resource links 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = [for (zone, i) in zones: {
  parent: dns[i]
  name: 'vnet-${name}'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: network.id
    }
  }
}]

output appsSubnetId string = network.properties.subnets[0].id
output endpointsSubnetId string = network.properties.subnets[1].id
output tableZoneId string = dns[0].id
output queueZoneId string = dns[1].id
output blobZoneId string = dns[2].id
output vaultZoneId string = dns[3].id
output registryZoneId string = dns[4].id
