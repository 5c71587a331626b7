namespace FosteringWorkflows.Notifications.Providers;

/// <summary>Staff alerts to a Microsoft Teams channel through its incoming webhook (<c>{ "text": … }</c>).</summary>
public sealed class TeamsWebhookProvider(IHttpClientFactory http) : IMessageProvider
{
    public const string HttpClientName = "teams";

    public string Name => "Teams";

    public bool DeduplicatesByKey => false;

    public async Task<string?> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.CreateClient(HttpClientName).PostAsJsonAsync(new Uri(message.To), new { text = $"**{message.Subject}**\n\n{message.Body}" }, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new DeliveryException($"Teams could not be reached: {e.Message}", permanent: false, e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw DeliveryException.FromStatus(Name, response.StatusCode, "the webhook refused the message");
            }
        }

        return null;
    }

    public Task<string?> FindSentAsync(OutboxMessage message, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
