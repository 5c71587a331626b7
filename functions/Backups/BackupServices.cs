namespace FosteringWorkflows.Backups;

public static class BackupServices
{
    /// <summary>The backup container and the <c>backup</c> / <c>restore</c> commands (a scheduled Container Apps job runs <c>backup</c>).</summary>
    public static IServiceCollection AddBackups(this IServiceCollection services)
    {
        services.AddSingleton<BackupStorage>();
        services.AddSingleton<BackupCommand>();
        return services;
    }
}
