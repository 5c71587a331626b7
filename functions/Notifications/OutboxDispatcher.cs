using FosteringWorkflows.Deadlines;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Notifications.Providers;
using FosteringWorkflows.Storage;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Notifications;

/// <summary>
/// Hands a journey's due messages to their providers, once each. Where a provider cannot de-duplicate, the message is
/// first claimed under its ETag, so two dispatchers never both send it; a claim that lapsed (its holder died) means the
/// outcome is unknown, and the provider is asked whether it has the message before it is sent again. A transient
/// refusal is tried again later through the timer index; a permanent one (or the last attempt) goes to the
/// message-poison queue for operators and is returned for the journey to act on.
/// </summary>
public sealed partial class OutboxDispatcher(
    IOutboxStore store, StorageAccount storage, TimerIndex timers, ProviderRouter providers, StatusLinks links, TimeProvider time,
    IOptions<DeliveryOptions> options, IOptions<EngineOptions> engine, EngineMetrics metrics, ILogger<OutboxDispatcher> logger)
{
    /// <summary>
    /// Hands over every due message. <paramref name="safetyNet"/> is the dispatch timer the caller wrote ahead of the
    /// commit, if any; otherwise one is written here before the first claim. It is removed at the end unless a message
    /// was left under someone else's live claim (that claimant may have died, and the timer, due after the claim lapses
    /// since the grace outlasts the lease, is what brings the message back) or was given up on (the timer's wake makes
    /// the journey commit its consequences if the caller dies before it does).
    /// </summary>
    public async Task<List<DeliveryFailure>> DispatchAsync(IReadOnlyCollection<OutboxMessage> messages, TimerRow? safetyNet, CancellationToken cancellationToken)
    {
        var failures = new List<DeliveryFailure>();
        var now = time.GetUtcNow();
        var due = messages.Where(m => m.IsUndelivered && m.NotBefore <= now).ToList();
        if (due.Count == 0)
        {
            return failures;
        }

        if (safetyNet is null)
        {
            safetyNet = new TimerRow(now + engine.Value.DispatchGrace, due[0].JourneyId, TimerKind.Dispatch);
            await timers.ScheduleAsync([safetyNet], cancellationToken);
        }

        // Messages to one address go in the order they were made; those to different addresses (the applicant's text and
        // email, the team's alert) go at once, so a change's messages take one provider round trip rather than one each.
        var sent = await Task.WhenAll(due.GroupBy(m => (m.Channel, m.To)).Select(async inOrder =>
        {
            var all = true;
            foreach (var message in inOrder)
            {
                all &= await SendOneAsync(message, now, failures, cancellationToken);
            }

            return all;
        }));
        var heldByOthers = sent.Contains(false);

        // Kept while a message is under someone else's live claim (that claimant may die), and when one was given up
        // on: its consequences are the journey's next commit, and should this process die before making it, this
        // timer's wake makes it.
        if (!heldByOthers && failures.Count == 0)
        {
            await timers.DeleteAsync(safetyNet, cancellationToken);
        }

        return failures;
    }

    /// <summary>
    /// Sends one message once: claimed first unless the provider deduplicates by key, and a retry first asks whether the
    /// provider already has it. Given up on, it is recorded in <paramref name="failures"/>; refused for now, it is retried
    /// later. False when another dispatcher holds it.
    /// </summary>
    private async Task<bool> SendOneAsync(OutboxMessage message, DateTimeOffset now, List<DeliveryFailure> failures, CancellationToken cancellationToken)
    {
        if (message.Status == DeliveryStatus.Sending && message.ClaimedUntil > now)
        {
            return false;
        }

        var provider = providers.For(message);

        // Any earlier attempt may have reached the provider (a timeout, a 5xx after acceptance, a crash before
        // recording), so a retry first asks the provider whether it already has the message.
        var outcomeUnknown = message.Attempts > 0;
        var current = message;
        if (!provider.DeduplicatesByKey)
        {
            current = await store.ClaimAsync(message, now, now + options.Value.ClaimLease, cancellationToken);
            if (current is null)
            {
                return false; // another dispatcher claimed it first
            }
        }

        try
        {
            // The applicant's link goes in as the message leaves (its token is never stored); the row keeps the marker.
            var outgoing = await links.FillAsync(current, cancellationToken);
            var providerId = await TransientAsDeliveryException(async () =>
                (outcomeUnknown ? await provider.FindSentAsync(outgoing, cancellationToken) : null)
                ?? await provider.SendAsync(outgoing, cancellationToken), provider.Name, cancellationToken);
            await store.RecordAsync(current, DeliveryStatus.Sent, provider.Name, providerId, time.GetUtcNow(), null, null, cancellationToken);
            metrics.MessageSent(current.Channel.Wire(), provider.Name);
            Log.Sent(logger, current.JourneyId, current.Purpose, provider.Name);
        }
        catch (DeliveryException e) when (e.Permanent || current.Attempts >= options.Value.MaxAttempts)
        {
            await store.RecordAsync(current, DeliveryStatus.Failed, provider.Name, null, null, e.Message, null, cancellationToken);
            await storage.MessagePoison.SendMessageAsync(
                System.Text.Json.JsonSerializer.Serialize(new { journeyId = current.JourneyId, purpose = current.Purpose, provider = provider.Name, attempts = current.Attempts, reason = e.Message }),
                cancellationToken);
            lock (failures)
            {
                failures.Add(new DeliveryFailure(current, e.Message));
            }

            metrics.MessageFailed(current.Channel.Wire(), provider.Name);
            Log.GaveUp(logger, current.JourneyId, current.Purpose, provider.Name, current.Attempts, e.Message);
        }
        catch (DeliveryException e)
        {
            var retryAt = now + Backoff(current.Attempts);
            await timers.ScheduleAsync([new TimerRow(retryAt, current.JourneyId, TimerKind.Dispatch)], cancellationToken);
            await store.RecordAsync(current, DeliveryStatus.Pending, provider.Name, null, null, e.Message, retryAt, cancellationToken);
            Log.WillRetry(logger, current.JourneyId, current.Purpose, provider.Name, current.Attempts, retryAt, e.Message);
        }

        return true;
    }

    /// <summary>Timeouts and network failures, however a client library surfaces them, are transient refusals.</summary>
    private static async Task<string?> TransientAsDeliveryException(Func<Task<string?>> call, string provider, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (IsTransient(e, cancellationToken))
        {
            throw new DeliveryException($"{provider} did not answer in time or could not be reached ({e.GetType().Name}).", permanent: false, e);
        }
    }

    // GOV.UK Notify's client wraps network failures in an AggregateException.
    private static bool IsTransient(Exception e, CancellationToken cancellationToken) => e switch
    {
        HttpRequestException or Polly.Timeout.TimeoutRejectedException => true,
        TaskCanceledException => !cancellationToken.IsCancellationRequested,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(inner => IsTransient(inner, cancellationToken)),
        _ => false,
    };

    private TimeSpan Backoff(int attempts)
    {
        var baseDelay = options.Value.RetryDelay * Math.Pow(2, Math.Max(0, attempts - 1));
#pragma warning disable CA5394 // Jitter, not security.
        return baseDelay * (0.8 + (Random.Shared.NextDouble() * 0.4));
#pragma warning restore CA5394
    }
}
