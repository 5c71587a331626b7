using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Auth;

/// <summary>
/// Reads the identity provider's metadata as the service starts, and again while the provider is away (after 5 seconds,
/// then twice as long each time up to a minute), so the first person to sign in once it is back is not the one who waits
/// for it (or is told it is unavailable). A person asking to sign in meanwhile makes it read the provider at once too.
/// </summary>
public sealed partial class SignInMetadataWarmer(IOptionsMonitor<OpenIdConnectOptions> options, ILogger<SignInMetadataWarmer> logger) : BackgroundService
{
    internal static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan RetryAtMost = TimeSpan.FromMinutes(1);

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
                    Log.ProviderAway(logger, RetryEvery.TotalSeconds, RetryAtMost.TotalSeconds);
                }

                var wait = RetryEvery * Math.Pow(2, Math.Min(failures - 1, 4));
                await Task.Delay(wait < RetryAtMost ? wait : RetryAtMost, TimeProvider.System, stoppingToken);
            }
        }
    }
}
