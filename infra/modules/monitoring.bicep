// Logs and telemetry: one Log Analytics workspace for the platform's logs, and a workspace-based Application Insights
// that the app's OpenTelemetry exporter writes traces, metrics and logs to.

@description('Azure region.')
param location string

@description('Base name for the resources.')
param name string

@description('Days the workspace keeps logs.')
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${name}'
  location: location
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
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    // Telemetry arrives through the connection string's ingestion endpoint with its instrumentation key (not a secret
    // in itself, but passed to the app as a Container Apps secret all the same).
    DisableLocalAuth: false
  }
}

output workspaceId string = workspace.id
output workspaceName string = workspace.name
output insightsName string = insights.name
