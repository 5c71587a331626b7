using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Storage;

public static class StorageServices
{
    /// <summary>The storage account (tables and queues, named with <c>Storage:Prefix</c>).</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton<StorageAccount>();
        return services;
    }
}
