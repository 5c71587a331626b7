using FosteringWorkflows.Calendar;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Deadlines;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Notifications;
using FosteringWorkflows.Policies;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.UnitTests.Journeys;

/// <summary>The transition table on its own: a journey in memory, a context at one instant, no storage and no HTTP.</summary>
public sealed class TransitionTableTests
{
    private const string Council = "hertfordshire";
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly CouncilPolicy Policy = PolicyOf(new PolicyOptions());
    private static readonly MessageComposer Composer = new(Councils(), Options.Create(new CouncilMessagingOptions()), new TemplateBook(TemplateBook.DefaultDirectory));

    [Fact]
    public void Apply_ContactMadeAtEnquiry_StopsTheEnquiryClockMetAndMovesToScreening()
    {
        var (journey, _) = NewEnquiry();
        var context = At(Monday.AddHours(1));

        Assert.True(Transitions.Apply(journey, new JourneyEvent(JourneyEventType.ContactMade, Monday.AddHours(1)), context));

        Assert.Equal(Stage.Screening, journey.Stage);
        Assert.Equal(DeadlineState.Met, journey.Deadlines[ClockName.EnquiryResponse].State);
        Assert.Equal(Monday.AddHours(1), journey.Deadlines[ClockName.EnquiryResponse].MetAt);
        Assert.Contains(journey.Milestones, m => m.Type == "ContactMade");
    }

    [Fact]
    public void Apply_EventOfAnotherStage_RefusedNamingTheStageAndWhatItTakes()
    {
        var (journey, _) = NewEnquiry();

        var refused = Assert.Throws<TransitionRefusedException>(() =>
            Transitions.Apply(journey, new JourneyEvent(JourneyEventType.ApplicationReceived, Monday), At(Monday)));

        Assert.Equal(Stage.Enquiry, refused.Stage);
        Assert.Equal("ApplicationReceived", refused.EventType);
        Assert.Contains("takes ContactMade", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(Stage.Enquiry, journey.Stage);
        Assert.Empty(journey.Milestones);
    }

    [Fact]
    public void Apply_ScreeningClose_EndsTheJourneyClosedWithItsClocksStopped()
    {
        var (journey, _) = NewEnquiry();
        Transitions.Apply(journey, new JourneyEvent(JourneyEventType.ContactMade, Monday), At(Monday));

        Transitions.Apply(journey, new JourneyEvent(JourneyEventType.ScreeningCompleted, Monday.AddHours(2), "Close"), At(Monday.AddHours(2)));

        Assert.Equal(JourneyStatus.Closed, journey.Status);
        Assert.Equal(Monday.AddHours(2), journey.EndedAt);
        Assert.NotNull(journey.RetainUntil);
        Assert.DoesNotContain(journey.Deadlines.Values, d => d.IsOpen);
    }

    [Fact]
    public void Apply_AfterTheJourneyEnded_RefusedNamingItsStatus()
    {
        var (journey, _) = NewEnquiry();
        Transitions.Withdraw(journey, "AW1", null, At(Monday));

        var refused = Assert.Throws<TransitionRefusedException>(() =>
            Transitions.Apply(journey, new JourneyEvent(JourneyEventType.ContactMade, Monday.AddHours(1)), At(Monday.AddHours(1))));

        Assert.Equal(JourneyStatus.Withdrawn, refused.Status);
        Assert.Contains("Withdrawn", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_TheSamePanelDateTwice_RecordsItOnceAndTellsTheApplicantOnce()
    {
        var journey = InStage(Stage.Assessment);
        var panel = new JourneyEvent(JourneyEventType.PanelDateSet, Monday, When: Monday.AddDays(40));

        Transitions.Record(journey, panel, datedByCaller: true, At(Monday));
        var historyAfterFirst = journey.Pending.History.Count;
        var messagesAfterFirst = journey.Pending.Outbox.Count;
        Transitions.Record(journey, panel with { OccurredAt = Monday.AddMinutes(5) }, datedByCaller: true, At(Monday.AddMinutes(5)));

        Assert.Equal(1, journey.Pending.History.Count(h => h.Type == "PanelDateSet"));
        Assert.Equal(historyAfterFirst, journey.Pending.History.Count);
        Assert.Equal(messagesAfterFirst, journey.Pending.Outbox.Count);
        Assert.Single(journey.Pending.Outbox, m => m.Template == "panel-date-confirmed");
    }

    [Fact]
    public void Record_TheSameVisitTwice_RecordsAndTellsOnce_ARebookedOne_TellsAgain()
    {
        var journey = InStage(Stage.InitialVisit);
        var visit = new JourneyEvent(JourneyEventType.InitialVisitBooked, Monday, When: Monday.AddDays(3));

        Transitions.Record(journey, visit, datedByCaller: true, At(Monday));
        Transitions.Record(journey, visit with { OccurredAt = Monday.AddMinutes(1) }, datedByCaller: true, At(Monday.AddMinutes(1)));
        Transitions.Record(journey, visit with { OccurredAt = Monday.AddMinutes(2) }, datedByCaller: true, At(Monday.AddMinutes(2)));

        Assert.Single(journey.Pending.History, h => h.Type == "InitialVisitBooked");
        Assert.Single(journey.Pending.Outbox, m => m.Template == "initial-visit-booked");

        Transitions.Record(journey, visit with { OccurredAt = Monday.AddMinutes(3), When = Monday.AddDays(4) }, datedByCaller: true, At(Monday.AddMinutes(3)));

        Assert.Equal(2, journey.Pending.History.Count(h => h.Type == "InitialVisitBooked"));
        Assert.Equal(2, journey.Pending.Outbox.Count(m => m.Template == "initial-visit-booked"));
        Assert.Equal(Monday.AddDays(4).ToString("O"), Assert.Single(journey.Milestones, m => m.Type == "InitialVisitBooked").Detail);
    }

    [Fact]
    public void Record_RepresentationsTwice_RecordsThemOnce()
    {
        var journey = InStage(Stage.AgencyDecision);
        Transitions.Record(journey, new JourneyEvent(JourneyEventType.QualifyingDetermination, Monday), datedByCaller: true, At(Monday));

        foreach (var minutes in new[] { 1, 2 })
        {
            Transitions.Record(journey, new JourneyEvent(JourneyEventType.RepresentationsReceived, Monday.AddMinutes(minutes)), datedByCaller: true, At(Monday.AddMinutes(minutes)));
        }

        Assert.Single(journey.Pending.History, h => h.Type == "RepresentationsReceived");
        Assert.Single(journey.Milestones, m => m.Type == "RepresentationsReceived");
    }

    [Fact]
    public void Record_PanelRecommendationOnADayBeforeThePanel_RefusedNamingBoth_OnTheDay_Accepted()
    {
        var journey = InStage(Stage.Panel);
        var panel = new DateTimeOffset(2027, 1, 25, 10, 0, 0, TimeSpan.Zero);
        Transitions.Record(journey, new JourneyEvent(JourneyEventType.PanelDateSet, Monday, When: panel), datedByCaller: true, At(Monday));
        var early = new DateTimeOffset(2027, 1, 2, 11, 0, 0, TimeSpan.Zero);

        var refused = Assert.Throws<TransitionRefusedException>(() => Transitions.Record(
            journey, new JourneyEvent(JourneyEventType.PanelRecommendationMade, early, nameof(Recommendation.Approve)), datedByCaller: true, At(early)));

        Assert.Contains("2027-01-25", refused.Reason, StringComparison.Ordinal);
        Assert.Contains("2027-01-02", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(Stage.Panel, journey.Stage);
        var onTheDay = panel.AddHours(-1); // the morning the panel sat, before the hour it was booked for
        Transitions.Record(journey, new JourneyEvent(JourneyEventType.PanelRecommendationMade, onTheDay, nameof(Recommendation.Approve)), datedByCaller: true, At(onTheDay));
        Assert.Equal(Stage.AgencyDecision, journey.Stage);
    }

    [Fact]
    public void Record_UndatedBeforeTheLastStep_IsDatedAtTheLastStep()
    {
        var (journey, _) = NewEnquiry();
        journey.LastEventAt = Monday.AddMinutes(1); // a step dated a minute ahead of now

        Transitions.Record(journey, new JourneyEvent(JourneyEventType.ContactMade, Monday), datedByCaller: false, At(Monday));

        Assert.Equal(Monday.AddMinutes(1), journey.Deadlines[ClockName.EnquiryResponse].MetAt);
        Assert.Equal(Monday.AddMinutes(1), journey.LastEventAt);
    }

    [Fact]
    public void Record_DatedBeforeTheLastStep_IsAFieldErrorOnOccurredAt()
    {
        var (journey, _) = NewEnquiry();
        journey.LastEventAt = Monday.AddHours(1);

        var wrong = Assert.Throws<FieldException>(() =>
            Transitions.Record(journey, new JourneyEvent(JourneyEventType.ContactMade, Monday), datedByCaller: true, At(Monday.AddHours(2))));

        Assert.Equal("occurredAt", wrong.Field);
        Assert.Equal(Stage.Enquiry, journey.Stage);
    }

    [Fact]
    public void Record_HouseholdMemberBornAfterTheEventsDayInTheCouncilsZone_IsAFieldErrorOnDateOfBirth()
    {
        var journey = InStage(Stage.Stage1);
        // 23:30 UTC on 30 June is 00:30 on 1 July in London: a child born on 1 July is not born after that day.
        var lateEvening = new DateTimeOffset(2026, 6, 30, 23, 30, 0, TimeSpan.Zero);
        journey.LastEventAt = lateEvening.AddDays(-1);
        var born = new JourneyEvent(JourneyEventType.HouseholdMemberAdded, lateEvening, "Child", FirstName: "Maya", DateOfBirth: new DateOnly(2026, 7, 1));

        Transitions.Record(journey, born, datedByCaller: true, At(lateEvening));
        var wrong = Assert.Throws<FieldException>(() => Transitions.Record(
            journey, born with { FirstName = "Tom", DateOfBirth = new DateOnly(2026, 7, 2) }, datedByCaller: true, At(lateEvening)));

        Assert.Single(journey.Household);
        Assert.Equal("data.dateOfBirth", wrong.Field);
    }

    [Fact]
    public void Withdraw_ActiveJourney_EndsItWithTheCodeAndTellsTheApplicant_Twice_Refused()
    {
        var (journey, _) = NewEnquiry();

        Transitions.Withdraw(journey, "AW2", "moved away", At(Monday));

        Assert.Equal(JourneyStatus.Withdrawn, journey.Status);
        Assert.Equal("AW2", journey.WithdrawalReason);
        Assert.Equal(DeadlineState.Cancelled, journey.Deadlines[ClockName.EnquiryResponse].State);
        var entry = Assert.Single(journey.Pending.History, h => h.Type == "Withdrawn");
        Assert.Equal("AW2", entry.Data!.Value.GetProperty("reasonCode").GetString());
        Assert.Single(journey.Pending.Outbox, m => m.Template == "withdrawal-closing");
        var again = Assert.Throws<TransitionRefusedException>(() => Transitions.Withdraw(journey, "AW2", null, At(Monday)));
        Assert.Equal("Withdrawn", again.EventType);
    }

    [Fact]
    public void Route_ToTheOwnerItHas_Refused_ToAnother_MovesItAndTellsTheTeam()
    {
        var (journey, _) = NewEnquiry();

        var same = Assert.Throws<TransitionRefusedException>(() => Transitions.Route(journey, Council, "v1", null, RouteReason.Reassigned, At(Monday)));
        Transitions.Route(journey, "leicestershire", "v2", null, RouteReason.Reassigned, At(Monday));

        Assert.Equal("Route", same.EventType);
        Assert.Equal("leicestershire", journey.LocalAuthority);
        Assert.Equal("v2", journey.PolicyVersion);
        Assert.Equal(1, journey.Routings);
        Assert.Single(journey.Pending.History, h => h.Type == "Routed");
        Assert.Contains(journey.Pending.Outbox, m => m.Template == "staff-enquiry-routed");
    }

    [Fact]
    public void EndApproval_NotApproved_Refused_Approved_KeepsTheRecordsTenYearsFromTheEnd()
    {
        var (journey, _) = NewEnquiry();
        Assert.Throws<TransitionRefusedException>(() => Transitions.EndApproval(journey, null, At(Monday)));

        journey.Status = JourneyStatus.Approved;
        journey.EndedAt = Monday;
        var ended = Monday.AddYears(2);
        Transitions.EndApproval(journey, ended, At(ended.AddDays(1)));

        Assert.Equal(ended, journey.ApprovalEndedAt);
        Assert.Equal(ended.AddYears(10).Date, journey.RetainUntil!.Value.Date);
        var twice = Assert.Throws<TransitionRefusedException>(() => Transitions.EndApproval(journey, null, At(ended.AddDays(2))));
        Assert.Contains("already recorded", twice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void EndApproval_BeforeTheApproval_IsAFieldErrorOnEndedAt()
    {
        var (journey, _) = NewEnquiry();
        journey.Status = JourneyStatus.Approved;
        journey.EndedAt = Monday;

        var wrong = Assert.Throws<FieldException>(() => Transitions.EndApproval(journey, Monday.AddDays(-1), At(Monday.AddDays(1))));

        Assert.Equal("endedAt", wrong.Field);
        Assert.Null(journey.ApprovalEndedAt);
    }

    [Fact]
    public void CorrectApplicant_NothingDifferent_RecordsNothing_APhone_RecordsTheFieldNotItsValue()
    {
        var (journey, _) = NewEnquiry();
        var context = At(Monday);

        Transitions.CorrectApplicant(journey, journey.Applicant, journey.Consent, context);
        Assert.Empty(journey.Pending.History);

        Transitions.CorrectApplicant(journey, journey.Applicant with { Phone = "+447911123999" }, journey.Consent, context);

        // A new number: the correction, and a new status link (the old one was sent to the old number).
        Assert.Equal(["ApplicantCorrected", "StatusLinkReissued"], journey.Pending.History.Select(h => h.Type));
        var entry = journey.Pending.History[0];
        Assert.Equal(["phone"], entry.Data!.Value.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(2, journey.LinkGeneration);
        Assert.DoesNotContain("7911123999", entry.Data!.Value.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("+447911123999", journey.Applicant.Phone);
    }

    [Fact]
    public void RequestNewLink_NoChannelCouldTakeIt_Refused_TheOldLinkStays()
    {
        var (journey, _) = NewEnquiry();
        journey.Consent = new Consent(Sms: false, Email: false);

        Assert.Throws<TransitionRefusedException>(() => Transitions.RequestNewLink(journey, At(Monday)));

        Assert.Equal(1, journey.LinkGeneration);
        Assert.Empty(journey.Pending.History);

        journey.Consent = new Consent(Sms: false, Email: true);
        Transitions.RequestNewLink(journey, At(Monday));
        Assert.Equal(2, journey.LinkGeneration);
        Assert.Equal("status-link", Assert.Single(journey.Pending.Outbox).Template);
    }

    [Fact]
    public void Record_ContactAttempted_InHistoryWithItsOutcome_TheEnquiryClockRunsOn()
    {
        var (journey, _) = NewEnquiry();
        var context = At(Monday.AddMinutes(30));

        Transitions.Record(journey, new JourneyEvent(JourneyEventType.ContactAttempted, Monday.AddMinutes(30), Choice: "NoAnswer"), datedByCaller: false, context);

        Assert.Equal(Stage.Enquiry, journey.Stage);
        Assert.True(journey.Deadlines[ClockName.EnquiryResponse].IsOpen);
        var entry = Assert.Single(journey.Pending.History);
        Assert.Equal("ContactAttempted", entry.Type);
        Assert.Equal("NoAnswer", entry.Data!.Value.GetProperty("outcome").GetString());
        Assert.Single(journey.Milestones, m => m.Type == "ContactAttempted" && m.Detail == "NoAnswer");
    }

    [Fact]
    public void Record_NoteAdded_AtAnyStage_KeepsTheWordsInHistory_ButNotOnAnEndedJourney()
    {
        var (journey, _) = NewEnquiry();
        journey.Stage = Stage.Assessment;
        var context = At(Monday);

        Transitions.Record(journey, new JourneyEvent(JourneyEventType.NoteAdded, Monday, Words: "Prefers calls after 6pm.\nHas two dogs."), datedByCaller: false, context);

        Assert.Equal("Prefers calls after 6pm.\nHas two dogs.", Assert.Single(journey.Pending.History).Data!.Value.GetProperty("text").GetString());
        journey.Status = JourneyStatus.Withdrawn;
        Assert.Throws<TransitionRefusedException>(() => Transitions.Record(journey, new JourneyEvent(JourneyEventType.NoteAdded, Monday, Words: "Later."), datedByCaller: false, At(Monday)));
    }

    [Fact]
    public void Record_Allocated_SetsTheWorker_TheSameAgainChangesNothing_NullUnallocates()
    {
        var (journey, _) = NewEnquiry();

        Transitions.Record(journey, new JourneyEvent(JourneyEventType.Allocated, Monday, StaffMember: "herts-officer@loopback.example"), datedByCaller: false, At(Monday));
        Assert.Equal("herts-officer@loopback.example", journey.AllocatedTo);
        Assert.True(journey.Pending.StateChanged);
        Transitions.Record(journey, new JourneyEvent(JourneyEventType.Allocated, Monday, StaffMember: "HERTS-OFFICER@loopback.example"), datedByCaller: false, At(Monday));
        Assert.Single(journey.Pending.History);

        Transitions.Record(journey, new JourneyEvent(JourneyEventType.Allocated, Monday), datedByCaller: false, At(Monday));
        Assert.Null(journey.AllocatedTo);
        Assert.Equal(2, journey.Pending.History.Count);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, journey.Pending.History[^1].Data!.Value.GetProperty("to").ValueKind);
    }

    [Fact]
    public void Checks_AMemberComingOfAgeDuringTheAssessment_TheirDbsIsDueFromTheir18thBirthday_ByThePanelIfSooner()
    {
        var (journey, _) = NewEnquiry();
        journey.Milestones.Add(new Milestone(nameof(JourneyEventType.ApplicationReceived), Monday));
        // Turns 18 five months after the application: the adults' DBS is due in weeks, theirs not before their birthday.
        journey.Household.Add(new HouseholdMember("m1", "Maya", "Child", new DateOnly(2009, 4, 20), Monday));
        var policy = PolicyOf(new PolicyOptions());

        var maya = Assert.Single(Household.Checks(journey, policy), c => c.PersonId == "m1" && c.Check == "DBS");
        var adults = Assert.Single(Household.Checks(journey, policy), c => c.PersonId == Household.Applicant && c.Check == "DBS");
        var birthday = policy.Calendar.AtLocal(new DateOnly(2027, 4, 20), policy.Calendar.Week.DayStart);
        Assert.Equal(policy.Policy.DueWithin("DBS").From(birthday, policy.Calendar), maya.DueAt);
        Assert.True(maya.DueAt > birthday);
        Assert.True(adults.DueAt < birthday);

        // A panel set before her birthday: she is a child throughout the assessment, and needs no DBS for it.
        var panel = new DateTimeOffset(2027, 3, 10, 10, 0, 0, TimeSpan.Zero);
        journey.Milestones.Add(new Milestone(nameof(JourneyEventType.PanelDateSet), Monday, panel.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.DoesNotContain(Household.Checks(journey, policy), c => c.PersonId == "m1" && c.Check == "DBS");
    }

    [Fact]
    public void AllowedAt_EveryStage_NamesOnlyEventsWhoseRowsTakeThatStage()
    {
        var (journey, _) = NewEnquiry();
        foreach (var stage in Enum.GetValues<Stage>())
        {
            foreach (var type in Enum.GetValues<JourneyEventType>().Except(Transitions.AllowedAt(stage)))
            {
                journey.Stage = stage;
                var refused = Assert.Throws<TransitionRefusedException>(() => Transitions.Apply(journey, new JourneyEvent(type, Monday), At(Monday)));
                Assert.Equal(stage, refused.Stage);
            }
        }
    }

    private static (Journey Journey, WorkflowContext Context) NewEnquiry()
    {
        var journey = new Journey
        {
            Id = "0123456789abcdef0123456789abcdef",
            LocalAuthority = Council,
            PolicyVersion = Policy.Policy.Version,
            Applicant = new Applicant("Sam", "Jones", "sam@example.org", "+447911123456", "SG1 1AA", "sms", null),
            Consent = new Consent(Sms: true, Email: true),
            Channel = "phone",
            ReceivedAt = Monday,
            LastEventAt = Monday,
        };
        var context = At(Monday);
        context.StartClock(journey, ClockName.EnquiryResponse, Monday);
        return (journey, context);
    }

    private static Journey InStage(Stage stage)
    {
        var (journey, _) = NewEnquiry();
        journey.Stage = stage;
        return journey;
    }

    private static WorkflowContext At(DateTimeOffset now) => new(Policy, Composer, now, "Olu Okafor", new Uri("http://127.0.0.1:7071/journeys/x"));

    private static CouncilPolicy PolicyOf(PolicyOptions options)
    {
        var policy = options.ToPolicy(Council);
        return new CouncilPolicy(policy, policy.CalendarWith(BankHolidays.LoadEmbedded()));
    }

    private static CouncilDirectory Councils()
    {
        var options = new CouncilsOptions();
        options.Items[Council] = new CouncilOptions { Name = "Hertfordshire", TeamEmail = "team@herts.example", ContactPhone = "0300 123 4043" };
        options.Items["leicestershire"] = new CouncilOptions { Name = "Leicestershire", TeamEmail = "team@leics.example", ContactPhone = "0116 305 0505" };
        return new CouncilDirectory(Options.Create(options));
    }
}
