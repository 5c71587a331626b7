using Azure.Identity;
using Azure.Storage.Blobs;
using FosteringWorkflows.Storage;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Backups;

/// <summary>
/// Where backups go: the container <c>{prefix}backups</c> on the account named by <c>BackupStorage</c> (a connection
/// string) or <c>BackupStorage__accountName</c> (a managed identity), in Azure a separate account whose container has
/// versioning and a time-based immutability policy (infra/modules/backup.bicep); locally, without either setting, the
/// service's own account (Azurite).
/// </summary>
public sealed class BackupStorage
{
    public BackupStorage(IConfiguration configuration, IOptions<StorageOptions> options)
    {
        var connection = configuration["BackupStorage"] ?? configuration["AzureWebJobsStorage"];
        var accountName = configuration["BackupStorage:accountName"] ?? configuration["AzureWebJobsStorage:accountName"];
        var service = !string.IsNullOrWhiteSpace(configuration["BackupStorage:accountName"]) || string.IsNullOrWhiteSpace(connection)
            ? new BlobServiceClient(new Uri($"https://{accountName}.blob.core.windows.net"), new DefaultAzureCredential())
            : new BlobServiceClient(connection);
        Container = service.GetBlobContainerClient($"{options.Value.Prefix}backups");
    }

    public BlobContainerClient Container { get; }
}
