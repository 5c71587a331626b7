using System.Xml.Linq;
using Azure.Data.Tables;
using FosteringWorkflows.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace FosteringWorkflows.Auth;

/// <summary>
/// The Data Protection key ring (the session cookie, sign-in's correlation and nonce cookies, antiforgery tokens) kept in
/// the storage account, one row a key, so every replica and the scheduled job share one ring and a restart or a new
/// replica signs nobody out. Keys are only ever added (Data Protection revokes by adding); only the app's identity can
/// read the table (infra/README.md, "Sign-in keys").
/// </summary>
internal sealed class StoredKeyRing(StorageAccount storage) : IXmlRepository
{
    private const string Partition = "key";

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        try
        {
            return [.. storage.SignInKeys.Query<TableEntity>(filter: $"PartitionKey eq '{Partition}'")
                .Select(row => XElement.Parse(row.GetString("Xml")))];
        }
        catch (Azure.RequestFailedException e) when (e.IsNotFound())
        {
            // Not created yet (storage is made ready on the first request that needs it): no keys so far.
            return [];
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        storage.SignInKeys.CreateIfNotExists();
        var row = string.IsNullOrEmpty(friendlyName) || friendlyName.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            ? Guid.NewGuid().ToString("N")
            : friendlyName;
        storage.SignInKeys.UpsertEntity(new TableEntity(Partition, row) { ["Xml"] = element.ToString(SaveOptions.DisableFormatting) });
    }
}
