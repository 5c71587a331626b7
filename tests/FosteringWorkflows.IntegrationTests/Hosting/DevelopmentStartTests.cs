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
        var css = await service.Client.GetAsync("/assets/govuk-frontend.min.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
    }
}
