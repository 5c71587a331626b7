// The same council with the private network option: the environment in a virtual network, storage, Key Vault and the
// registry (Premium) reached only through private endpoints. An example for one council, Hertfordshire, in UK South. Plain settings only: every key and secret is named here
// by its Key Vault secret, whose value an operator sets in the vault (infra/README.md, "First deployment").
using 'main.bicep'

param name = 'hertsfw'
param council = 'hertfordshire'
param location = 'uksouth'
param alertEmail = 'fostering.platform@hertfordshire.gov.uk'
param privateNetworking = true
param image = ''
param alwaysOn = false
param maxReplicas = 5

param settings = {
  Councils__hertfordshire__Name: 'Hertfordshire County Council'
  Councils__hertfordshire__TeamEmail: 'fostering.recruitment@hertfordshire.gov.uk'
  Councils__hertfordshire__ManagerEmail: 'fostering.manager@hertfordshire.gov.uk'
  Councils__hertfordshire__ContactPhone: '0300 123 4043'
  Councils__hertfordshire__PostcodeDistricts: 'AL1-AL10,SG1-SG14,WD3-WD7,WD17-WD25,EN6-EN11,HP1-HP4,HP23,CM21-CM23'
  Councils__hertfordshire__Messaging__SmsProvider: 'Notify'
  Councils__hertfordshire__Messaging__EmailProvider: 'Notify'
  Councils__hertfordshire__Messaging__Notify__SmsTemplateId: '00000000-0000-0000-0000-000000000001'
  Councils__hertfordshire__Messaging__Notify__EmailTemplateId: '00000000-0000-0000-0000-000000000002'
  ApiKeys__0__Name: 'herts-officers'
  ApiKeys__0__Role: 'Officer'
  ApiKeys__0__Councils: 'hertfordshire'
  ApiKeys__1__Name: 'herts-managers'
  ApiKeys__1__Role: 'Manager'
  ApiKeys__1__Councils: 'hertfordshire'
  // Staff sign in to the pages with Entra ID: the app registration's tenant and client id (its redirect URI
  // https://<app>/signin-oidc), no client secret (the app proves itself with its managed identity, a federated credential
  // on the registration: infra/README.md), and each app role's value mapped to a role and councils. App roles, not
  // groups: a person in more than about 200 groups gets no groups claim at all.
  AzureAd__Instance: 'https://login.microsoftonline.com/'
  AzureAd__TenantId: '00000000-0000-0000-0000-00000000000a'
  AzureAd__ClientId: '00000000-0000-0000-0000-00000000000b'
  AzureAd__CallbackPath: '/signin-oidc'
  'SignIn__Groups__Officer.Hertfordshire': 'Officer:hertfordshire'
  'SignIn__Groups__Manager.Hertfordshire': 'Manager:hertfordshire'
  SignIn__Groups__Admin: 'Admin:*'
  Councils__hertfordshire__Targets__Enquiries: 25
  Councils__hertfordshire__Targets__InitialVisits: 15
  Councils__hertfordshire__Targets__SkillsToFosterInvitations: 12
}

param keyVaultSettings = {
  ApiKeys__0__Key: 'api-key-herts-officers'
  ApiKeys__1__Key: 'api-key-herts-managers'
  Councils__hertfordshire__Messaging__Notify__ApiKey: 'notify-api-key-hertfordshire'
  Councils__hertfordshire__Messaging__Notify__CallbackToken: 'notify-callback-token-hertfordshire'
  Applicants__LinkKey: 'status-link-key'
  Inbound__EventGridKey: 'eventgrid-key'
}
