// What a council's cloud team is told about, by email to the operator (an action group): messages on the poison queues,
// the sweep or backup job failing, a breached clock whose staff alert could not be delivered, failed deliveries over a
// threshold, 5xx responses, and replicas restarting. Log alerts read the workspace (the app's logs through Application
// Insights; the jobs' console lines); none carries personal data (the log lines hold journey ids and purposes only).

@description('Azure region.')
param location string

@description('Base name for the resources.')
param name string

@description('Tags on every resource.')
param tags object

@description('Email address the alerts go to.')
param alertEmail string

@description('Log Analytics workspace the log alerts query.')
param workspaceId string

@description('The container app whose metrics the metric alerts watch.')
param appId string

@description('The container app, as its system logs name it.')
param appName string

@description('The scheduled jobs, as their console lines name them.')
param sweepJobName string
param backupJobName string

@description('True when the app is always on (the sweep job then runs only by hand, and its silence is no alarm).')
param alwaysOn bool

@description('The storage prefix, as the queues are named.')
param storagePrefix string

@description('Messages given up on in an hour before the team is told.')
@minValue(1)
param deliveryFailureThreshold int

resource group 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${name}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: take('fw${name}', 12)
    enabled: true
    emailReceivers: [
      {
        name: 'operator'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

// A job's console line, whichever column names the job in this workspace's schema.
func jobLines(job string, text string) string => 'ContainerAppConsoleLogs_CL | where tostring(column_ifexists("ContainerJobName_s", column_ifexists("ContainerAppName_s", ""))) == "${job}" | where tostring(column_ifexists("Log_s", "")) has "${text}"'

// The platform's own events for the app (a container restarting, crashing or failing its probes): RestartCount is a
// running total per replica, so a metric alert on it would keep firing for one old restart.
var restartEvents = 'ContainerAppSystemLogs_CL | where tostring(column_ifexists("ContainerAppName_s", "")) == "${appName}" | where tostring(column_ifexists("Reason_s", "")) in ("ContainerCrashing", "BackOff", "ContainerBackOff", "ContainerTerminated", "ProbeFailed")'

var logAlerts = [
  {
    id: 'poison'
    title: 'A journey was moved to the poison queue'
    description: 'A journey\'s wake failed every retry and waits on ${storagePrefix}journey-work-poison (infra/README.md, Poison queues).'
    severity: 1
    window: 'PT15M'
    frequency: 'PT5M'
    operator: 'GreaterThan'
    threshold: 0
    query: 'AppTraces | where Message has "moved to the poison queue"'
  }
  {
    id: 'sweep-job'
    title: 'The sweep job failed'
    description: 'sweep-once could not hand due timers to the queue: clocks are late while it fails.'
    severity: 1
    window: 'PT15M'
    frequency: 'PT5M'
    operator: 'GreaterThan'
    threshold: 2
    query: jobLines(sweepJobName, 'sweep-once could not finish')
  }
  {
    id: 'backup-job'
    title: 'The backup job failed'
    description: 'Last night\'s backup did not finish: the newest backup is older than a day.'
    severity: 2
    window: 'P1D'
    frequency: 'PT1H'
    operator: 'GreaterThan'
    threshold: 0
    query: jobLines(backupJobName, 'could not finish')
  }
  {
    // A job killed (out of memory, timed out, its image or a secret not found) writes no failure line: its silence is the alarm.
    id: 'backup-missing'
    title: 'No backup finished in the last 26 hours'
    description: 'The nightly backup wrote no "rows of … tables written" line: it did not run, or died without saying why.'
    severity: 2
    window: 'P2D'
    frequency: 'PT1H'
    operator: 'LessThan'
    threshold: 1
    query: '${jobLines(backupJobName, 'tables written')} | where TimeGenerated > ago(26h)'
  }
  {
    id: 'breach-alert-failed'
    title: 'A breached clock\'s staff alert could not be delivered'
    description: 'A clock breached and the team\'s alert was given up on: nobody has been told.'
    severity: 1
    window: 'PT15M'
    frequency: 'PT5M'
    operator: 'GreaterThan'
    threshold: 0
    query: 'AppTraces | where Message has "given up on" and Message has ": breach-"'
  }
  {
    id: 'deliveries-failed'
    title: 'Deliveries are failing'
    description: 'More messages than the threshold were given up on in an hour (a provider refusing, a key expired).'
    severity: 2
    window: 'PT1H'
    frequency: 'PT5M'
    operator: 'GreaterThan'
    threshold: deliveryFailureThreshold
    query: 'AppTraces | where Message has "given up on"'
  }
  {
    id: 'restarts'
    title: 'Replicas are restarting'
    description: 'The platform restarted, or failed the probes of, the app\'s containers more than twice in 15 minutes.'
    severity: 2
    window: 'PT15M'
    frequency: 'PT5M'
    operator: 'GreaterThan'
    threshold: 2
    query: restartEvents
  }
]

// While scaled to zero, the sweep job runs every minute: no line from it in 10 minutes means clocks are not being swept.
var sweepSilence = alwaysOn
  ? []
  : [
      {
        id: 'sweep-missing'
        title: 'The sweep job has not run in 10 minutes'
        description: 'No "sweep-once:" line: the job is not running (or dies before it can say why), and clocks are late.'
        severity: 1
        window: 'PT10M'
        frequency: 'PT5M'
        operator: 'LessThan'
        threshold: 1
        query: jobLines(sweepJobName, 'sweep-once:')
      }
    ]

resource logRules 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = [for alert in concat(logAlerts, sweepSilence): {
  name: 'alert-${name}-${alert.id}'
  location: location
  tags: tags
  properties: {
    displayName: alert.title
    description: alert.description
    severity: alert.severity
    enabled: true
    scopes: [
      workspaceId
    ]
    evaluationFrequency: alert.frequency
    windowSize: alert.window
    // The job's and the app's tables appear with their first lines: the rule must not fail before then.
    skipQueryValidation: true
    criteria: {
      allOf: [
        {
          query: alert.query
          timeAggregation: 'Count'
          operator: alert.operator
          threshold: alert.threshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        group.id
      ]
    }
  }
}]

var metricAlerts = [
  {
    id: '5xx'
    title: 'The service answers 5xx'
    metric: 'Requests'
    dimensions: [
      {
        name: 'statusCodeCategory'
        operator: 'Include'
        values: [
          '5xx'
        ]
      }
    ]
    threshold: 5
  }
]

resource metricRules 'Microsoft.Insights/metricAlerts@2018-03-01' = [for alert in metricAlerts: {
  name: 'alert-${name}-${alert.id}'
  location: 'global'
  tags: tags
  properties: {
    description: alert.title
    severity: 2
    enabled: true
    scopes: [
      appId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          name: alert.id
          criterionType: 'StaticThresholdCriterion'
          metricNamespace: 'Microsoft.App/containerApps'
          metricName: alert.metric
          dimensions: alert.dimensions
          operator: 'GreaterThan'
          threshold: alert.threshold
          timeAggregation: 'Total'
        }
      ]
    }
    actions: [
      {
        actionGroupId: group.id
      }
    ]
  }
}]

output actionGroupId string = group.id
