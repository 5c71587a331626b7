namespace FosteringWorkflows.IntegrationTests.Infrastructure;

/// <summary>A test class whose tests talk to message providers: a local listener speaking their APIs, one per test.</summary>
public abstract class WithFakeProviders : IAsyncLifetime
{
    protected FakeProviders Providers { get; private set; } = null!;

    public async Task InitializeAsync() => Providers = await FakeProviders.StartAsync();

    public async Task DisposeAsync() => await Providers.DisposeAsync();
}
