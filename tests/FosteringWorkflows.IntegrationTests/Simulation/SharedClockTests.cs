using System.Text.Json;
using FosteringWorkflows.IntegrationTests.Infrastructure;

namespace FosteringWorkflows.IntegrationTests.Simulation;

/// <summary>Two instances in simulated time on one storage, each with a clock of its own: an advance on one moves both.</summary>
[Collection(AzuriteTests.Name)]
public sealed class SharedClockTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AdvanceOnOneInstance_TheOtherReadsTheSameTime()
    {
        var prefix = TestService.NewPrefix();
        using var first = new TestService(azurite, prefix: prefix);
        using var second = new TestService(azurite, prefix: prefix);
        var admin = first.As("dev-admin-key");
        var other = second.As("dev-admin-key");
        Assert.Equal(TestService.ChristmasEve, await NowAsync(other));

        var advanced = await admin.AsAdminAsync(HttpMethod.Post, "/api/dev/clock/advance", new { by = "P8D" });
        Assert.True(advanced.IsSuccessStatusCode);

        Assert.Equal(TestService.ChristmasEve.AddDays(8), await NowAsync(other));
        Assert.Equal(TestService.ChristmasEve.AddDays(8), await NowAsync(admin));
    }

    private static async Task<DateTimeOffset> NowAsync(HttpClient client) =>
        JsonDocument.Parse(await (await client.GetAsync("/api/dev/clock")).Content.ReadAsStringAsync()).RootElement.GetProperty("now").GetDateTimeOffset();
}
