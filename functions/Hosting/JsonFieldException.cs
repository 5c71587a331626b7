using System.Text.Json;

namespace FosteringWorkflows.Hosting;

/// <summary>A JSON value that is well-formed JSON but not what its field takes; the message says what it takes.</summary>
public sealed class JsonFieldException(string message) : JsonException(message);
