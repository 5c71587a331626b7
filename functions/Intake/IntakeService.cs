using FosteringWorkflows.Councils;
using FosteringWorkflows.Journeys;

namespace FosteringWorkflows.Intake;

/// <summary>
/// Taking an enquiry, the one way for every door: the API (<c>POST /api/enquiries</c>) and the public form (<c>/enquire</c>).
/// The same validation, the same engine start with its acknowledgement, and with a caller's key the same journey for a
/// retry instead of a second one.
/// </summary>
public sealed class IntakeService(JourneyEngine engine, JourneyStore store, CouncilDirectory councils, TimeProvider time)
{
    /// <param name="request">The enquiry as received.</param>
    /// <param name="actor">Who took it (a key's name, "public-form"): part of the journey id a key derives, and the history's actor.</param>
    /// <param name="idempotencyKey">The caller's key for the request, or empty.</param>
    /// <param name="mayRecordFor">Whether the caller may record enquiries for a council.</param>
    /// <param name="cancellationToken">The request's.</param>
    public async Task<IntakeOutcome> TakeAsync(EnquiryRequest request, string actor, string idempotencyKey, Func<string, bool> mayRecordFor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var errors = EnquiryValidation.Validate(request, now, councils.IsCouncil);
        if (errors.Count > 0)
        {
            return new IntakeOutcome(null, errors);
        }

        var enquiry = EnquiryValidation.ToNewJourney(request, now) with { RequestHash = JourneyIds.Fingerprint(request) };
        if (!mayRecordFor(enquiry.LocalAuthority))
        {
            return new IntakeOutcome(null, Forbidden: true);
        }

        // With a key, a retry (say after a lost response, or a second click) names the same journey and gets it back,
        // instead of a second journey and a second acknowledgement to the applicant.
        var id = idempotencyKey.Length > 0 ? JourneyIds.Derive("enquiry", actor, idempotencyKey) : null;
        Journey journey;
        try
        {
            journey = id is not null && await store.LoadAsync(id, LoadDepth.State, cancellationToken: cancellationToken) is { } earlier
                ? earlier.Journey
                : await engine.StartAsync(enquiry with { Id = id }, actor, cancellationToken);
        }
        catch (JourneyPurgedException)
        {
            return new IntakeOutcome(null, Purged: true);
        }
        catch (JourneyExistsException) when (id is not null)
        {
            journey = (await store.LoadAsync(id, LoadDepth.State, cancellationToken: cancellationToken))!.Value.Journey;
        }

        return id is not null && journey.RequestHash != enquiry.RequestHash ? new IntakeOutcome(null, KeyReused: true) : new IntakeOutcome(journey);
    }
}
