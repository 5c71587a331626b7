using FosteringWorkflows.Hosting;

namespace FosteringWorkflows.Reports;

/// <summary>A request's query as read: the query, or the fields at fault, or the councils the caller does not cover.</summary>
public sealed record ParsedQuery(ReportQuery? Query, Dictionary<string, string[]> Errors, string? Forbidden)
{
    public IResult? Problem => Errors.Count > 0 ? Problems.Validation(Errors) : Forbidden is not null ? Problems.Forbidden(Forbidden) : null;
}
