using System.Net;
using FosteringWorkflows.IntegrationTests.Infrastructure;

namespace FosteringWorkflows.IntegrationTests.Hosting;

/// <summary>The service starts the way .NET developers start it, in the Development environment, and serves its pages' assets.</summary>
[Collection(AzuriteTests.Name)]
public sealed class DevelopmentStartTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task DevelopmentEnvironment_Starts_AndServesGovukFrontend()
    {
        using var service = await ServiceProcess.StartAsync(azurite.ConnectionString, TestService.NewPrefix(),
            new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });

        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync("/health")).StatusCode);
        var css = await service.Client.GetAsync("/assets/site.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);

        // A council's service is not GOV.UK: its pages are set in Arial, and GDS Transport (licensed for GOV.UK only) is not served.
        var styles = await css.Content.ReadAsStringAsync();
        Assert.Contains(".govuk-header{", styles, StringComparison.Ordinal);
        Assert.Contains("font-family:arial,sans-serif", styles, StringComparison.Ordinal);
        Assert.DoesNotContain("GDS Transport", styles, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("/assets/fonts/light-94a07e06a1-v2.woff2")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync("/assets/images/favicon.ico")).StatusCode);
    }
}
