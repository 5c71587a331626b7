namespace FosteringWorkflows.Applicants;

/// <summary>A message sent to the applicant, as their page lists it: when, how, and its words (the link to the page left out).</summary>
public sealed record StatusMessage(string Sent, string Channel, string? Subject, string Body);
