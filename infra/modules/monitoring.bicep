// Logs and telemetry: one Log Analytics workspace for the platform's logs, and a workspace-based Application Insights
// that the app's OpenTelemetry exporter writes traces, metrics and logs to.

@description('Azure region.')
param location string

@description('Base name for the resources.')
param name string

@description('Days the workspace keeps logs.')
@minValue(30)
@maxValue(730)
param retentionInDays int

@description('Tags on every resource.')
param tags object

@description('Principal id of the app\'s managed identity: it sends telemetry with an Entra ID token (local auth is off).')
param principalId string

var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${name}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${name}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    RetentionInDays: retentionInDays
    // Entra ID only: the instrumentation key alone cannot send telemetry; the app signs its exports as its identity.
    DisableLocalAuth: true
  }
}

resource publish 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, principalId, monitoringMetricsPublisher)
  scope: insights
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
  }
}

output workspaceId string = workspace.id
output workspaceName string = workspace.name
output insightsName string = insights.name
output insightsId string = insights.id
