using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Auth;

/// <summary>
/// Reads the identity provider's metadata as the service starts, and again every few seconds while the provider is away,
/// so the first person to sign in once it is back is not the one who waits for it (or is told it is unavailable).
/// </summary>
public sealed partial class SignInMetadataWarmer(IOptionsMonitor<OpenIdConnectOptions> options, ILogger<SignInMetadataWarmer> logger) : BackgroundService
{
    internal static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (options.Get(StaffSignIn.OidcScheme).ConfigurationManager is not SignInMetadata metadata)
        {
            return;
        }

        var failures = 0;
        while (!stoppingToken.IsCancellationRequested && !metadata.IsHeld)
        {
            try
            {
                await metadata.GetConfigurationAsync(stoppingToken);
                if (failures > 0)
                {
                    Log.ProviderBack(logger, failures);
                }
            }
            catch (SignInUnavailableException)
            {
                if (failures++ == 0)
                {
                    Log.ProviderAway(logger, RetryEvery.TotalSeconds);
                }

                await Task.Delay(RetryEvery, TimeProvider.System, stoppingToken);
            }
        }
    }
}
