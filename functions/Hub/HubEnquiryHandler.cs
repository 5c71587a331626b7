using FosteringWorkflows.Councils;
using FosteringWorkflows.Intake;
using FosteringWorkflows.Journeys;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Hub;

/// <summary>
/// A verified, valid hub enquiry becomes a journey: routed by preference, postcode district or to the hub's triage team,
/// paired with a buddy there, started once however often it is delivered (every delivery of it has the same journey id).
/// </summary>
public sealed class HubEnquiryHandler(JourneyEngine engine, JourneyStore store, CouncilDirectory councils, BuddyPool buddies, IOptions<HubsOptions> hubs)
{
    // Striped by journey id: bounded, and deliveries of different enquiries rarely wait on each other.
    private readonly SemaphoreSlim[] _handOffs = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public async Task<HubOutcome> HandAsync(string hubId, string journeyId, HubEnquiryRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Deliveries of the same enquiry take turns on this instance, so a repeat finds the first's journey before it takes
        // a buddy's place (which the first might then find full).
        var handOff = _handOffs[Convert.ToInt32(journeyId[..2], 16) % _handOffs.Length];
        await handOff.WaitAsync(cancellationToken);
        try
        {
            if (await KnownAsync(journeyId, cancellationToken) is { } known)
            {
                return known;
            }

            var preferred = councils.Canonical(request.PreferredLocalAuthority) ?? request.PreferredLocalAuthority;
            if (preferred is not null && !councils.IsCouncil(preferred))
            {
                return new HubOutcome(HubOutcomeKind.UnknownCouncil, UnknownCouncil: preferred);
            }

            return await StartAsync(hubId, journeyId, request, preferred, now, cancellationToken);
        }
        finally
        {
            handOff.Release();
        }
    }

    /// <summary>Preference first, then the postcode district, else the hub's triage team.</summary>
    internal static (string Owner, RouteReason Reason) Route(string? preferred, string? postcode, CouncilDirectory councils, string triageTeam)
    {
        if (preferred is not null)
        {
            return (preferred, RouteReason.Preference);
        }

        if (postcode is not null && councils.ForDistrict(PostcodeDistricts.Of(postcode)) is { } council)
        {
            return (council, RouteReason.Postcode);
        }

        return (triageTeam, RouteReason.Triage);
    }

    private async Task<HubOutcome> StartAsync(
        string hubId, string journeyId, HubEnquiryRequest request, string? preferred, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var applicant = EnquiryValidation.ToApplicant(request.Applicant!);
        var (owner, reason) = Route(preferred, applicant.Postcode, councils, hubs.Value.Items[hubId].TriageTeam);
        var buddy = councils.IsCouncil(owner) ? await buddies.TakeAsync(owner, journeyId, cancellationToken) : null;
        var started = false;
        try
        {
            var journey = await engine.StartAsync(
                new NewJourney(owner, "hub", request.ReceivedAt ?? now, applicant, EnquiryValidation.ToConsent(request.Consent!),
                    journeyId, new HubHandOff(hubId, request.HubEnquiryId!, owner, reason), buddy) { Flags = EnquiryValidation.FlagsFor(applicant) },
                $"hub:{hubId}",
                cancellationToken);
            started = true;
            return new HubOutcome(HubOutcomeKind.Started, journey);
        }
        catch (JourneyPurgedException)
        {
            return new HubOutcome(HubOutcomeKind.Purged);
        }
        catch (JourneyExistsException e)
        {
            // A second delivery raced this one and wrote first: nothing of this one was written; answer as the first.
            return await KnownAsync(journeyId, cancellationToken) ?? throw new InvalidOperationException("Journey conflict without a journey.", e);
        }
        finally
        {
            if (!started && buddy is not null)
            {
                await buddies.ReleaseAsync(owner, buddy.Id, journeyId, CancellationToken.None);
            }
        }
    }

    private async Task<HubOutcome?> KnownAsync(string journeyId, CancellationToken cancellationToken) =>
        await store.LoadAsync(journeyId, LoadDepth.State, cancellationToken: cancellationToken) is { } existing
            ? new HubOutcome(HubOutcomeKind.Known, existing.Journey)
            : null;
}
