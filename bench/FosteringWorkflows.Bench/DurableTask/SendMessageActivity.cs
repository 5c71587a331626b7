using Azure;
using Azure.Data.Tables;
using DurableTask.Core;

/// <summary>
/// A message "sent" the way this engine's dev outbox sends one: one row inserted per journey and purpose, a repeat
/// (an activity retried after a crash) finding the row already there.
/// </summary>
internal sealed class SendMessageActivity(TableClient outbox) : AsyncTaskActivity<string, bool>
{
    public const string Name = "SendMessage";

    protected override async Task<bool> ExecuteAsync(TaskContext context, string input)
    {
        try
        {
            await outbox.AddEntityAsync(new TableEntity(context.OrchestrationInstance.InstanceId, $"{context.OrchestrationInstance.InstanceId}:{input}"));
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }
}
