using FosteringWorkflows.Auth;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Policies;

namespace FosteringWorkflows.Journeys;

/// <summary>
/// One method per step a member of staff takes on a journey, whichever way they ask (the API or a page): the caller's
/// scope is checked, the transition table applies the step through the engine, and the outcome says how it went. A journey
/// the caller may not see is not found, never forbidden.
/// </summary>
public sealed class JourneySteps(JourneyEngine engine, JourneyStore store, CouncilDirectory councils, PolicyBook policies, BuddyPool buddies, IRecordKeeper records, IWorkIndex work)
{
    /// <summary>
    /// Records an event; <paramref name="datedByCaller"/> when the caller gave its <c>occurredAt</c>. With a
    /// <paramref name="key"/> (the request's <c>Idempotency-Key</c> and fingerprint), a retry of a step already recorded
    /// changes nothing and answers as it stands; the same key with a different request is refused.
    /// </summary>
    public Task<StepResult> RecordEventAsync(
        string id, Caller caller, JourneyEvent journeyEvent, bool datedByCaller, (string Key, string RequestHash)? key, CancellationToken cancellationToken) =>
        ChangeAsync(id, caller, (j, c) =>
        {
            var stepKey = key is { } k ? new StepKey(JourneyIds.Derive("step", caller.Name, k.Key), k.RequestHash) : null;
            if (stepKey is not null && j.StepKeys.Find(s => s.Key == stepKey.Key) is { } earlier)
            {
                if (earlier.RequestHash != stepKey.RequestHash)
                {
                    throw new StepKeyReusedException();
                }

                return; // a retry: the step was recorded the first time (its answer was lost); nothing more happens

            }

            Transitions.Record(j, journeyEvent, datedByCaller, c);
            if (stepKey is not null)
            {
                WorkflowContext.RememberStep(j, stepKey);
            }
        }, cancellationToken);

    public Task<StepResult> WithdrawAsync(string id, Caller caller, string reasonCode, string? note, CancellationToken cancellationToken) =>
        ChangeAsync(id, caller, (j, c) => Transitions.Withdraw(j, reasonCode, note, c), cancellationToken);

    public Task<StepResult> EndApprovalAsync(string id, Caller caller, DateTimeOffset? endedAt, CancellationToken cancellationToken) =>
        ChangeAsync(id, caller, (j, c) => Transitions.EndApproval(j, endedAt, c), cancellationToken);

    /// <summary>
    /// Corrects the applicant's details. The new address is indexed before the journey holds it (as at intake), so a subject
    /// access request always finds the journey; the old one is dropped once the journey no longer holds it.
    /// </summary>
    public async Task<StepResult> CorrectApplicantAsync(string id, Caller caller, Applicant corrected, Consent consent, CancellationToken cancellationToken)
    {
        var current = await store.LoadAsync(id, LoadDepth.State, cancellationToken: cancellationToken);
        if (current is not { } loaded || !caller.CanSee(loaded.Journey.LocalAuthority))
        {
            return new StepResult(StepOutcome.NotFound, current?.Journey.LocalAuthority);
        }

        var was = loaded.Journey.Applicant;
        await records.IndexAsync(new Journey
        {
            Id = loaded.Journey.Id, LocalAuthority = loaded.Journey.LocalAuthority, PolicyVersion = loaded.Journey.PolicyVersion,
            Applicant = corrected, Consent = consent, Channel = loaded.Journey.Channel,
        }, cancellationToken);
        var result = await ChangeAsync(id, caller, (j, c) => Transitions.CorrectApplicant(j, corrected, consent, c), cancellationToken);
        await records.UnindexReplacedAsync(id, [was, corrected], result.Journey?.Applicant ?? was, cancellationToken);
        return result;
    }

    /// <summary>The key an applicant's step is remembered by, from its own (<c>{step}:{formKey}</c>, or a provider's message id).</summary>
    public static string ApplicantStepKey(string once) => JourneyIds.Derive("step", Transitions.ApplicantActor, once);

    /// <summary>Who the applicant's own steps are taken as: their link is their only key, and it names one journey.</summary>
    private static readonly Caller Applicant = new(Transitions.ApplicantActor, StaffRole.Intake, null);

    /// <summary>
    /// A step the applicant takes on their status page, through the link of <paramref name="generation"/> (a link ended since
    /// finds nothing). <paramref name="once"/> is the step's own key (the form's, or a provider's message id): the same key
    /// again changes nothing, so a double submit or a callback delivered twice records once.
    /// </summary>
    public Task<StepResult> ApplicantAsync(string id, int? generation, string once, Action<Journey, WorkflowContext> step, CancellationToken cancellationToken) =>
        ChangeAsync(id, Applicant, (j, c) =>
        {
            if (generation is { } g && j.LinkGeneration != g)
            {
                throw new JourneyNotFoundException(j.Id);
            }

            var key = new StepKey(ApplicantStepKey(once), Transitions.ApplicantActor);
            if (j.StepKeys.Exists(k => k.Key == key.Key))
            {
                return;
            }

            step(j, c);
            WorkflowContext.RememberStep(j, key);
        }, cancellationToken);

    /// <summary>
    /// Moves an active journey to another council, pairing a buddy there first (a place taken ahead of the change, given back
    /// if the change does not happen) and freeing the previous buddy's place once it has. The reason is <c>triage</c> from a
    /// triage team, <c>reassigned</c> from a council.
    /// </summary>
    public async Task<(StepResult Result, RouteReason? Reason)> RouteAsync(string id, Caller caller, string target, CancellationToken cancellationToken)
    {
        var buddy = await buddies.TakeAsync(target, id, cancellationToken);
        (string Owner, BuddyPairing? Buddy, RouteReason Reason)? before = null;
        var result = await ChangeAsync(id, caller, (j, c) =>
        {
            if (j.Status == JourneyStatus.Active && j.LocalAuthority != target && !MayRoute(caller, j.LocalAuthority, target))
            {
                throw new StepForbiddenException($"This key may not move a journey to {target}.");
            }

            before = (j.LocalAuthority, j.Buddy, councils.IsCouncil(j.LocalAuthority) ? RouteReason.Reassigned : RouteReason.Triage);
            Transitions.Route(j, target, policies.Current(target).Policy.Version, buddy, before.Value.Reason, c);
        }, cancellationToken);

        if (result.IsDone && before is { Buddy: { } previous } moved)
        {
            await buddies.ReleaseAsync(moved.Owner, previous.Id, id, cancellationToken);
        }
        else if (!result.IsDone && buddy is not null)
        {
            await buddies.ReleaseAsync(target, buddy.Id, id, cancellationToken);
        }

        if (!result.IsDone && (await store.LoadAsync(id, LoadDepth.State, cancellationToken: cancellationToken))?.Journey is { } stored
            && stored.LocalAuthority != target)
        {
            // Rows written into the target's worklist (and taken out of the origin's) ahead of a commit that did not happen
            // (the route was refused on its re-run) are put back as the journey stands.
            await work.WriteAsync(stored, await policies.ByVersionAsync(stored.PolicyVersion, cancellationToken), target, cancellationToken);
        }

        return (result, before?.Reason);
    }

    /// <summary>
    /// A key moves a journey only to a council it holds; a triage team's key also hands its held enquiries on to any
    /// council of its sub-cluster (that is its job).
    /// </summary>
    public bool MayRoute(Caller caller, string owner, string target) =>
        caller.CanSee(target)
        || (caller.CanSee(owner) && councils.Get(owner).Kind == OwnerKind.TriageTeam && councils.Get(target).SubCluster == owner);

    private async Task<StepResult> ChangeAsync(string id, Caller caller, Action<Journey, WorkflowContext> change, CancellationToken cancellationToken)
    {
        string? council = null;
        try
        {
            var changed = await engine.ApplyAsync(id, caller.Name, (j, c) =>
            {
                council = j.LocalAuthority;
                if (!caller.CanSee(j.LocalAuthority))
                {
                    throw new JourneyNotFoundException(j.Id);
                }

                change(j, c);
            }, cancellationToken);
            return new StepResult(StepOutcome.Done, council, changed);
        }
        catch (JourneyNotFoundException)
        {
            return new StepResult(StepOutcome.NotFound, council);
        }
        catch (FieldException e)
        {
            return new StepResult(StepOutcome.Invalid, council, Field: e.Field, Message: e.Message);
        }
        catch (StepKeyReusedException)
        {
            return new StepResult(StepOutcome.KeyReused, council);
        }
        catch (StepForbiddenException e)
        {
            return new StepResult(StepOutcome.Forbidden, council, Message: e.Message);
        }
        catch (JourneyChangedException)
        {
            return new StepResult(StepOutcome.Busy, council);
        }
        catch (TransitionRefusedException e)
        {
            return new StepResult(StepOutcome.Refused, council, Refusal: e);
        }
    }
}
