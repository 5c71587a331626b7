using Azure;
using Azure.Data.Tables.Models;

namespace FosteringWorkflows.Storage;

/// <summary>
/// The one place that reads what storage refused, in the Azure SDK's manner: by <see cref="TableErrorCode"/> beside the
/// status (a status alone is ambiguous: 409 is also a table being deleted). Features see what it means, never a number.
/// </summary>
public static class StorageErrors
{
    /// <summary>An insert met a row already there (another writer got there first, or this change ran before).</summary>
    public static bool IsAlreadyExists(this RequestFailedException e) =>
        e.ErrorCode == TableErrorCode.EntityAlreadyExists || (e.Status == 409 && string.IsNullOrEmpty(e.ErrorCode));

    /// <summary>A write under an ETag met a row changed since it was read.</summary>
    public static bool IsChanged(this RequestFailedException e) =>
        e.ErrorCode == TableErrorCode.UpdateConditionNotSatisfied || (e.Status == 412 && string.IsNullOrEmpty(e.ErrorCode));

    /// <summary>An insert or a guarded write lost to another writer: read again and retry.</summary>
    public static bool IsLostRace(this RequestFailedException e) => e.IsAlreadyExists() || e.IsChanged();

    /// <summary>The row (or its table) is not there.</summary>
    public static bool IsNotFound(this RequestFailedException e) => e.Status == 404;

    /// <summary>The account refused this identity: a role missing or still propagating.</summary>
    public static bool IsDenied(this RequestFailedException e) => e.Status is 401 or 403;

    /// <summary>Whether an exception is storage's (a refusal, or a batch of them), for loops that carry on after one.</summary>
    public static bool IsStorageFailure(Exception e) => e is RequestFailedException or AggregateException { InnerException: RequestFailedException };

    /// <summary>
    /// Storage could not be reached or could not answer (a network failure, a timeout, a 5xx after the SDK's own retries):
    /// the caller is told to try again (<c>503</c>), not that the service failed.
    /// </summary>
    public static bool IsUnavailable(Exception e) => e switch
    {
        RequestFailedException failed => failed.Status is 0 or >= 500,
        AggregateException { InnerException: { } inner } => IsUnavailable(inner),
        HttpRequestException or Azure.Identity.AuthenticationFailedException => true,
        _ => false,
    };

    /// <summary>Storage's status for a log line: 0 when it was not storage that failed (a network error, say).</summary>
    public static int StatusOf(Exception e) => e switch
    {
        RequestFailedException failed => failed.Status,
        AggregateException { InnerException: { } inner } => StatusOf(inner),
        _ => 0,
    };

    /// <summary>What kept storage from being used, for a message that says why; null when it was not storage.</summary>
    public static string? Describe(Exception e) => e switch
    {
        AggregateException all when all.InnerException is { } inner => Describe(inner),
        RequestFailedException denied when denied.IsDenied() =>
            $"status {denied.Status} {denied.ErrorCode}: the account refused this identity (it needs Storage Table and Queue Data Contributor)",
        RequestFailedException failed => $"status {failed.Status} {failed.ErrorCode}",
        Azure.Identity.AuthenticationFailedException auth => $"no token for storage ({auth.GetType().Name})",
        _ => null,
    };
}
