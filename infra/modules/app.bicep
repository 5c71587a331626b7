// The service on Azure Container Apps (consumption): the same ASP.NET Core process as locally, HTTP ingress, a KEDA
// azure-queue rule on journey-work (authenticated as the app's identity), and, when it may scale to zero, a job that
// runs the same image once a minute in sweep-once mode to hand due timers to journey-work.

@description('Azure region.')
param location string

@description('Base name for the resources.')
param name string

@description('Container image; empty runs a placeholder until the first image is pushed.')
param image string

@description('True: one replica always on, timers fire on time. False: scale to zero, the sweep job wakes it.')
param alwaysOn bool

@description('Most replicas under load.')
@minValue(1)
param maxReplicas int

@description('Resource id of the user-assigned identity the app and the job run as.')
param identityId string

@description('Client id of that identity, for DefaultAzureCredential.')
param identityClientId string

@description('Registry login server the image is pulled from.')
param registryServer string

@description('Storage account holding the tables and queues.')
param storageAccountName string

@description('Key Vault URI, for the secrets the settings refer to.')
param vaultUri string

@description('Log Analytics workspace for the environment\'s logs.')
param workspaceName string

@description('Application Insights component the app exports telemetry to.')
param insightsName string

@description('Plain settings, as configuration keys with __ separators.')
param settings object

@description('Configuration key to Key Vault secret name.')
param keyVaultSettings object

// A Container Apps secret per setting, named after the setting (lower case, hyphens), so two settings may share one
// Key Vault secret (one Notify key for two councils).
func secretName(key string) string => toLower(replace(replace(key, '__', '-'), '_', '-'))

var placeholder = empty(image)
var port = placeholder ? 80 : 8080
var appName = 'ca-${name}'

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

resource insights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: insightsName
}

resource environment 'Microsoft.App/managedEnvironments@2025-01-01' = {
  name: 'cae-${name}'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
  }
}

// Every secret is a Key Vault reference resolved by the platform as the app's identity; the telemetry connection
// string is passed as a secret too, so no value of either appears in the template or the app's plain settings.
var secrets = concat(
  [
    {
      name: 'appinsights-connection'
      value: insights.properties.ConnectionString
    }
  ],
  map(items(keyVaultSettings), s => {
    name: secretName(s.key)
    keyVaultUrl: '${vaultUri}secrets/${s.value}'
    identity: identityId
  })
)

var env = concat(
  [
    {
      name: 'ASPNETCORE_URLS'
      value: 'http://+:8080'
    }
    {
      // Container Apps' ingress ends TLS and says so in X-Forwarded-Proto: sign-in's redirect URI and the session
      // cookie's Secure flag need the request's real scheme and host.
      name: 'ASPNETCORE_FORWARDEDHEADERS_ENABLED'
      value: 'true'
    }
    {
      name: 'AzureWebJobsStorage__accountName'
      value: storageAccountName
    }
    {
      name: 'AZURE_CLIENT_ID'
      value: identityClientId
    }
    {
      name: 'Engine__PublicBaseUrl'
      value: 'https://${appName}.${environment.properties.defaultDomain}'
    }
    {
      name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
      secretRef: 'appinsights-connection'
    }
  ],
  map(items(settings), s => {
    name: s.key
    value: string(s.value)
  }),
  map(items(keyVaultSettings), s => {
    name: s.key
    secretRef: secretName(s.key)
  })
)

var registries = placeholder
  ? []
  : [
      {
        server: registryServer
        identity: identityId
      }
    ]

resource app 'Microsoft.App/containerApps@2025-01-01' = {
  name: appName
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: port
        transport: 'auto'
        allowInsecure: false
      }
      registries: registries
      secrets: secrets
    }
    template: {
      containers: [
        {
          name: 'app'
          image: placeholder ? 'mcr.microsoft.com/k8se/quickstart:latest' : image
          env: env
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          probes: placeholder
            ? []
            : [
                {
                  type: 'Liveness'
                  httpGet: {
                    path: '/health/live'
                    port: port
                  }
                  periodSeconds: 30
                  timeoutSeconds: 2
                }
                {
                  type: 'Readiness'
                  httpGet: {
                    path: '/health'
                    port: port
                  }
                  periodSeconds: 15
                  // The storage check gives up after 2 s (Hosting/StorageHealthCheck); the probe waits a little longer.
                  timeoutSeconds: 3
                  failureThreshold: 4
                }
              ]
        }
      ]
      scale: {
        minReplicas: alwaysOn ? 1 : 0
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'http'
            http: {
              metadata: {
                concurrentRequests: '50'
              }
            }
          }
          {
            name: 'journey-work'
            custom: {
              type: 'azure-queue'
              identity: identityId
              metadata: {
                accountName: storageAccountName
                queueName: 'journey-work'
                queueLength: '20'
              }
            }
          }
        ]
      }
    }
  }
}

// Scale-to-zero mode only: nothing runs the timers while no replica is up, so this job sweeps them every minute (cron
// is in UTC) and the queue rule above then wakes the app for the journeys it enqueued.
resource sweep 'Microsoft.App/jobs@2025-01-01' = if (!alwaysOn && !placeholder) {
  name: 'caj-${name}-sweep'
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environment.id
    configuration: {
      triggerType: 'Schedule'
      replicaTimeout: 120
      replicaRetryLimit: 0
      scheduleTriggerConfig: {
        cronExpression: '* * * * *'
        parallelism: 1
        replicaCompletionCount: 1
      }
      registries: registries
      secrets: secrets
    }
    template: {
      containers: [
        {
          name: 'sweep'
          image: image
          args: [
            'sweep-once'
          ]
          env: env
          resources: {
            cpu: json('0.25')
            memory: '0.5Gi'
          }
        }
      ]
    }
  }
}

output url string = 'https://${app.properties.configuration.ingress.fqdn}'
output appName string = app.name
