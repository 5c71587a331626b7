// Backups: a StorageV2 account of its own (Entra ID only, like the service's) with blob versioning and a container whose
// time-based retention (immutability) policy keeps every backup unchangeable and undeletable for backupRetentionDays; a
// lifecycle rule deletes backups (and their versions) once they are a day older than that (the rule runs once a day), so
// an erased or purged record lives on in a backup for at most about retentionDays + 2 days (docs/privacy.md). No soft
// delete on this account: a deleted backup is gone. The job that writes them runs `FosteringWorkflows backup` (app.bicep).

@description('Azure region.')
param location string

@description('Backup account name (3-24 lower-case letters and digits, globally unique).')
param accountName string

@description('Tags on every resource.')
param tags object

@description('The container, as the service names it: the storage prefix, then backups.')
param containerName string

@description('Days a backup is kept unchangeable, then deleted.')
@minValue(1)
@maxValue(365)
param retentionDays int

@description('Principal id of the app\'s managed identity (the job writes backups as it, and a restore reads them).')
param principalId string

@description('True: no public network access; reached through a private endpoint.')
param privateNetworking bool

@description('True: a CanNotDelete lock on the account.')
param lock bool

@description('Object id of the operator, who lists and reads backups to choose one to restore; empty for none.')
param operatorPrincipalId string

@description('Redundancy: geo-redundant by default, so a region\'s loss does not take the backups with it.')
param sku string = 'Standard_GZRS'

var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var storageBlobDataReader = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: accountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: sku
  }
  properties: {
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
    networkAcls: {
      defaultAction: privateNetworking ? 'Deny' : 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    isVersioningEnabled: true
    // No soft delete: the immutability policy already keeps a backup for its retention, and a deleted backup must be gone.
    deleteRetentionPolicy: {
      enabled: false
    }
  }
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: containerName
  properties: {
    publicAccess: 'None'
  }
}

resource immutability 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2023-05-01' = {
  parent: container
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: retentionDays
    allowProtectedAppendWrites: false
  }
}

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-after-retention'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${containerName}/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterCreationGreaterThan: retentionDays + 1
                }
              }
              version: {
                delete: {
                  daysAfterCreationGreaterThan: retentionDays + 1
                }
              }
            }
          }
        }
      ]
    }
  }
}

resource write 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, principalId, storageBlobDataContributor)
  scope: account
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
  }
}

resource operatorReads 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(account.id, operatorPrincipalId, storageBlobDataReader)
  scope: account
  properties: {
    principalId: operatorPrincipalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataReader)
  }
}

resource noDelete 'Microsoft.Authorization/locks@2020-05-01' = if (lock) {
  name: 'keep-${accountName}'
  scope: account
  properties: {
    level: 'CanNotDelete'
    notes: 'Backups of applicants\' records. Remove this lock on purpose, never by accident.'
  }
}

output name string = account.name
output id string = account.id
