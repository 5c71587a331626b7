using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;

namespace FosteringWorkflows.Auth;

/// <summary>
/// Staff sessions kept server-side, one row each in the <c>Sessions</c> table (partition: a hash of the person's sign-in
/// name; row: a random id): the cookie carries only the id, so signing out, or an Admin ending a person's sessions, ends
/// them on every replica at once, and a copied cookie is worth nothing afterwards. The ticket is protected with the
/// shared key ring before it is stored.
/// </summary>
public sealed class StoredSessions(StorageAccount storage, ServiceReadiness readiness, IDataProtectionProvider protection) : ITicketStore
{
    private readonly IDataProtector _protector = protection.CreateProtector("FosteringWorkflows.Sessions");

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = $"{PartitionOf(ticket.Principal.Identity?.Name)}:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";
        await RenewAsync(key, ticket);
        return key;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        if (Split(key) is not { } at)
        {
            return;
        }

        // A sign-in's callback may be a fresh replica's first request: the table must exist.
        await readiness.EnsureReadyAsync();
        await storage.Sessions.UpsertEntityAsync(new TableEntity(at.Partition, at.Row)
        {
            ["Ticket"] = _protector.Protect(TicketSerializer.Default.Serialize(ticket)),
            ["ExpiresAt"] = ticket.Properties.ExpiresUtc,
        }, TableUpdateMode.Replace);
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        if (Split(key) is not { } at)
        {
            return null;
        }

        await readiness.EnsureReadyAsync();
        var row = await storage.Sessions.GetEntityIfExistsAsync<TableEntity>(at.Partition, at.Row);
        if (!row.HasValue || row.Value!.GetBinary("Ticket") is not { } protectedTicket)
        {
            return null;
        }

        try
        {
            return TicketSerializer.Default.Deserialize(_protector.Unprotect(protectedTicket));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public async Task RemoveAsync(string key)
    {
        if (Split(key) is { } at)
        {
            await storage.Sessions.DeleteEntityAsync(at.Partition, at.Row);
        }
    }

    /// <summary>Ends every session of one person (by their sign-in name): how many there were.</summary>
    public async Task<int> EndAllAsync(string userName, CancellationToken cancellationToken)
    {
        var partition = PartitionOf(userName);
        var ended = 0;
        await foreach (var row in storage.Sessions.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            await storage.Sessions.DeleteEntityAsync(partition, row.RowKey, cancellationToken: cancellationToken);
            ended++;
        }

        return ended;
    }

    private static string PartitionOf(string? userName) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("session:" + (userName ?? "").ToUpperInvariant())))[..32];

    private static (string Partition, string Row)? Split(string key) =>
        key.Split(':') is [{ Length: 32 } partition, { Length: 32 } row] && partition.All(char.IsAsciiHexDigitLower) && row.All(char.IsAsciiHexDigitLower)
            ? (partition, row)
            : null;
}
