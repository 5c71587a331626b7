using Azure.Core;
using Azure.Identity;

namespace FosteringWorkflows.Auth;

/// <summary>
/// How the service proves itself to Entra ID when it redeems a sign-in code, with no secret to expire: a signed assertion
/// in place of a client secret (<c>AzureAd__ClientCredentials__0__SourceType</c>):
/// <c>SignedAssertionFromManagedIdentity</c> (a token for <c>api://AzureADTokenExchange</c> from the user-assigned identity
/// <c>ManagedIdentityClientId</c>, which the app registration trusts as a federated credential), or
/// <c>SignedAssertionFilePath</c> (a token the platform writes to <c>SignedAssertionFileDiskPath</c>, as Kubernetes'
/// workload identity does; read afresh each time).
/// </summary>
public sealed class ClientAssertion
{
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private readonly Func<CancellationToken, Task<string>> _get;

    private ClientAssertion(Func<CancellationToken, Task<string>> get) => _get = get;

    /// <summary>The assertion the settings name, or none (the client secret, if any, is used).</summary>
    public static ClientAssertion? From(IConfiguration configuration)
    {
        var credential = configuration.GetSection("AzureAd:ClientCredentials:0");
        switch (credential["SourceType"])
        {
            case "SignedAssertionFromManagedIdentity":
                var identity = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(credential["ManagedIdentityClientId"]
                    ?? throw new InvalidOperationException("AzureAd:ClientCredentials:0:ManagedIdentityClientId: the user-assigned identity's client id.")));
                var scope = $"{credential["TokenExchangeUrl"] ?? "api://AzureADTokenExchange"}/.default";
                // The credential caches its token until shortly before it expires.
                return new ClientAssertion(async ct => (await identity.GetTokenAsync(new TokenRequestContext([scope]), ct)).Token);
            case "SignedAssertionFilePath":
                var path = credential["SignedAssertionFileDiskPath"]
                    ?? throw new InvalidOperationException("AzureAd:ClientCredentials:0:SignedAssertionFileDiskPath: the file the platform writes the token to.");
                return new ClientAssertion(async ct => (await File.ReadAllTextAsync(path, ct)).Trim());
            case null:
                return null;
            case var other:
                throw new InvalidOperationException($"AzureAd:ClientCredentials:0:SourceType '{other}' is not one this service uses: SignedAssertionFromManagedIdentity or SignedAssertionFilePath.");
        }
    }

    public Task<string> GetAsync(CancellationToken cancellationToken) => _get(cancellationToken);
}
