namespace FosteringWorkflows.IntegrationTests.Infrastructure;

/// <summary>
/// One real Azurite, in memory, for every integration test. Each test host gets its own table and queue prefix,
/// so tests share the emulator, not data.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    public static string RepoRoot => AzuriteProcess.RepoRoot;

    public static int FreePort() => AzuriteProcess.FreePort();

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync();

    public Task DisposeAsync()
    {
        _azurite?.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteTests : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
