// The service on Azure Container Apps, in a workload-profiles environment (its Consumption profile; the kind that can
// take a virtual network, which is chosen when the environment is created and cannot be added later): the same ASP.NET Core process as locally, HTTP ingress, a KEDA azure-queue rule on
// {prefix}journey-work (authenticated as the app's identity), a job that runs the same image once a minute in sweep-once
// mode to hand due timers to the queue while the app may scale to zero (kept, but only started by hand, when it is
// always on), and a nightly job that runs `backup`.

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

@description('Tags on every resource.')
param tags object

@description('The subnet the environment joins (private networking), or empty for none.')
param appsSubnetId string

@description('The backup account the nightly job writes to.')
param backupAccountName string

@description('A custom domain (fostering.example.gov.uk), or empty for the default domain. Bound first with the CLI, which obtains its managed certificate (infra/README.md).')
param customDomain string

@description('The name of the environment\'s managed certificate for customDomain, so each deployment keeps the binding the CLI made.')
param customDomainCertificate string

@description('The image the sweep and backup jobs run: the release pipeline moves them to a new image only after its smoke test. Empty: the app\'s image.')
param jobImage string

@description('The revision serving now, which keeps all traffic while the new one (label "candidate") is smoke-tested; empty sends traffic to the new revision at once (first deployment).')
param stableRevision string

// A Container Apps secret per setting, named after the setting (lower case, hyphens), so two settings may share one
// Key Vault secret (one Notify key for two councils).
func secretName(key string) string => toLower(replace(replace(key, '__', '-'), '_', '-'))

var placeholder = empty(image)
var jobsImage = empty(jobImage) ? image : jobImage
// The queue the scale rule watches is the app's own: the storage prefix, then journey-work.
var storagePrefix = contains(settings, 'Storage__Prefix') ? string(settings.Storage__Prefix) : ''
var publicBaseUrl = empty(customDomain) ? 'https://${appName}.${environment.properties.defaultDomain}' : 'https://${customDomain}'
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
  tags: tags
  properties: {
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
    vnetConfiguration: empty(appsSubnetId)
      ? null
      : {
          infrastructureSubnetId: appsSubnetId
          internal: false
        }
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
      value: publicBaseUrl
    }
    {
      name: 'BackupStorage__accountName'
      value: backupAccountName
    }
    {
      // Sign-in without a secret: the app registration trusts this identity as a federated credential.
      name: 'AzureAd__ClientCredentials__0__SourceType'
      value: 'SignedAssertionFromManagedIdentity'
    }
    {
      name: 'AzureAd__ClientCredentials__0__ManagedIdentityClientId'
      value: identityClientId
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

// The managed certificate is obtained when the CLI binds the domain (it must be on the app before a certificate can be
// issued); each deployment then keeps that binding.
resource certificate 'Microsoft.App/managedEnvironments/managedCertificates@2025-01-01' existing = if (!empty(customDomainCertificate)) {
  parent: environment
  name: customDomainCertificate
}

resource app 'Microsoft.App/containerApps@2025-01-01' = {
  name: appName
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    managedEnvironmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      // Several revisions: a new one is reached at its "candidate" label and takes traffic only after the release
      // pipeline has seen /health answer on it (.github/workflows/deploy.yml).
      activeRevisionsMode: 'Multiple'
      ingress: {
        external: true
        targetPort: port
        transport: 'auto'
        allowInsecure: false
        traffic: empty(stableRevision)
          ? [
              {
                latestRevision: true
                weight: 100
              }
            ]
          : [
              {
                revisionName: stableRevision
                weight: 100
              }
              {
                latestRevision: true
                weight: 0
                label: 'candidate'
              }
            ]
        customDomains: empty(customDomain) || empty(customDomainCertificate)
          ? []
          : [
              {
                name: customDomain
                certificateId: certificate.id
                bindingType: 'SniEnabled'
              }
            ]
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
                queueName: '${storagePrefix}journey-work'
                queueLength: '20'
              }
            }
          }
        ]
      }
    }
  }
}

// Due timers while no replica runs: the job sweeps them every minute (cron is UTC) and the queue rule above then wakes
// the app for the journeys it enqueued. Always declared, so switching alwaysOn on changes it (to a job started only by
// hand) rather than leaving the last one running its old image against live data.
resource sweep 'Microsoft.App/jobs@2025-01-01' = if (!placeholder) {
  name: 'caj-${name}-sweep'
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      triggerType: alwaysOn ? 'Manual' : 'Schedule'
      replicaTimeout: 120
      replicaRetryLimit: 0
      scheduleTriggerConfig: alwaysOn
        ? null
        : {
            cronExpression: '* * * * *'
            parallelism: 1
            replicaCompletionCount: 1
          }
      manualTriggerConfig: alwaysOn
        ? {
            parallelism: 1
            replicaCompletionCount: 1
          }
        : null
      registries: registries
      secrets: secrets
    }
    template: {
      containers: [
        {
          name: 'sweep'
          image: jobsImage
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

// Every night at 02:30 UTC: every table exported to the backup account (`FosteringWorkflows backup`).
resource backup 'Microsoft.App/jobs@2025-01-01' = if (!placeholder) {
  name: 'caj-${name}-backup'
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      triggerType: 'Schedule'
      replicaTimeout: 3600
      replicaRetryLimit: 1
      scheduleTriggerConfig: {
        cronExpression: '30 2 * * *'
        parallelism: 1
        replicaCompletionCount: 1
      }
      registries: registries
      secrets: secrets
    }
    template: {
      containers: [
        {
          name: 'backup'
          image: jobsImage
          args: [
            'backup'
          ]
          env: env
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
        }
      ]
    }
  }
}

// A restore, started only by hand: `FosteringWorkflows restore` from the backup named in Restore__From (latest unless
// changed with `az containerapp job update --set-env-vars Restore__From=<name>`), with the app's own settings.
resource restore 'Microsoft.App/jobs@2025-01-01' = if (!placeholder) {
  name: 'caj-${name}-restore'
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      triggerType: 'Manual'
      replicaTimeout: 14400
      replicaRetryLimit: 0
      manualTriggerConfig: {
        parallelism: 1
        replicaCompletionCount: 1
      }
      registries: registries
      secrets: secrets
    }
    template: {
      containers: [
        {
          name: 'restore'
          image: jobsImage
          args: [
            'restore'
          ]
          env: concat(env, [
            {
              name: 'Restore__From'
              value: 'latest'
            }
          ])
          resources: {
            cpu: json('1')
            memory: '2Gi'
          }
        }
      ]
    }
  }
}

output url string = empty(customDomain) ? 'https://${app.properties.configuration.ingress.fqdn}' : publicBaseUrl
output defaultHost string = app.properties.configuration.ingress.fqdn
output appName string = app.name
output appId string = app.id
output sweepJobName string = 'caj-${name}-sweep'
output backupJobName string = 'caj-${name}-backup'
@description('The value of the asuid TXT record a custom domain needs.')
output customDomainVerificationId string = environment.properties.customDomainConfiguration.customDomainVerificationId
