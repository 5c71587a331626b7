// API keys, hub secrets and provider keys live here, never in a template or a parameters file. Access is by Azure RBAC:
// the app's identity reads secrets; the operator, if named, may set them.

@description('Azure region.')
param location string

@description('Key Vault name (3-24 letters, digits and hyphens, globally unique).')
param vaultName string

@description('Principal id of the app\'s managed identity.')
param principalId string

@description('Object id of the person or group who sets the secrets (Key Vault Secrets Officer); empty to assign it yourself.')
param operatorPrincipalId string = ''

@description('Tags on every resource.')
param tags object

@description('True: no public network access; the app reaches the vault through a private endpoint.')
param privateNetworking bool

@description('True: recover a soft-deleted vault of this name (the resource group was deleted and recreated within 90 days) instead of creating one.')
param recover bool

@description('Log Analytics workspace receiving the vault\'s audit log (every read and change of a secret).')
param workspaceId string

var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var keyVaultSecretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    createMode: recover ? 'recover' : 'default'
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
    networkAcls: {
      defaultAction: privateNetworking ? 'Deny' : 'Allow'
      bypass: 'AzureServices'
    }
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

resource audit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-workspace'
  scope: vault
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'AuditEvent'
        enabled: true
      }
    ]
  }
}

resource appReads 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
  }
}

resource operatorWrites 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(vault.id, operatorPrincipalId, keyVaultSecretsOfficer)
  scope: vault
  properties: {
    principalId: operatorPrincipalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficer)
  }
}

output name string = vault.name
output id string = vault.id
output uri string = vault.properties.vaultUri
