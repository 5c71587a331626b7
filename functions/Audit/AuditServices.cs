namespace FosteringWorkflows.Audit;

public static class AuditServices
{
    /// <summary>Each council's access audit, and the loop that drops rows past their retention.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton<AccessAudit>();
        services.AddHostedService<AuditRetentionService>();
        return services;
    }
}
