namespace FosteringWorkflows.Pages;

/// <summary>What was wrong, in words, and the id of the field it is about (null: the whole form).</summary>
public sealed record FieldError(string? Field, string Message);
