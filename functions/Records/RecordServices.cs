using FosteringWorkflows.Journeys;

namespace FosteringWorkflows.Records;

public static class RecordServices
{
    /// <summary>The people index, subject access, erasure and the retention purge; the engine reaches it as <see cref="IRecordKeeper"/>.</summary>
    public static IServiceCollection AddRecords(this IServiceCollection services)
    {
        services.AddSingleton<RecordKeeper>();
        services.AddSingleton<IRecordKeeper>(sp => sp.GetRequiredService<RecordKeeper>());
        return services;
    }
}
