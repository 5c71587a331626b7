using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace FosteringWorkflows.Auth;

/// <summary>
/// The identity provider's metadata and signing keys, held for sign-in. Unlike the library's manager, a refresh asked for
/// (a token signed with a key not held: the provider rotated its keys) is read before the answer, so the token is checked
/// again against the new keys and the first sign-in after a rotation works; and a provider away when nothing is held yet
/// is a <see cref="SignInUnavailableException"/> (the pages answer 503), read again on the next request or by
/// <see cref="SignInMetadataWarmer"/>, not after the library's five minutes. A provider away when metadata is held leaves
/// sign-in working with what is held.
/// </summary>
public sealed class SignInMetadata(string address, IDocumentRetriever retriever) : BaseConfigurationManager, IConfigurationManager<OpenIdConnectConfiguration>, IDisposable
{
    /// <summary>How long metadata is used before it is read again unasked.</summary>
    private static readonly TimeSpan Fresh = TimeSpan.FromHours(12);

    /// <summary>
    /// The least time between two reads while metadata is held, so a stream of bad tokens cannot hammer the provider. The
    /// read that first finds the provider (at start, or back after it was away) does not count: a rotation of its keys
    /// moments later is still read at once.
    /// </summary>
    private static readonly TimeSpan Gap = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _reading = new(1, 1);
    private OpenIdConnectConfiguration? _held;
    private DateTimeOffset _readAt;
    private DateTimeOffset _triedAt = DateTimeOffset.MinValue;
    private volatile bool _refresh;

    public bool IsHeld => _held is not null;

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        if (Current() is { } held)
        {
            return held;
        }

        await _reading.WaitAsync(cancel);
        try
        {
            if (Current() is { } readMeanwhile)
            {
                return readMeanwhile;
            }

            var now = TimeProvider.System.GetUtcNow();
            if (_held is { } recent && now - _triedAt < Gap)
            {
                return recent;
            }

            if (_held is not null)
            {
                _triedAt = now;
            }

            try
            {
                var read = await OpenIdConnectConfigurationRetriever.GetAsync(address, retriever, cancel);
                (_held, _readAt, _refresh) = (read, now, false);
                return read;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return _held ?? throw new SignInUnavailableException("The identity provider's metadata could not be read.", e);
            }
        }
        finally
        {
            _reading.Release();
        }
    }

    public override async Task<BaseConfiguration> GetBaseConfigurationAsync(CancellationToken cancel) => await GetConfigurationAsync(cancel);

    public override void RequestRefresh() => _refresh = true;

    public void Dispose() => _reading.Dispose();

    private OpenIdConnectConfiguration? Current() =>
        _held is { } held && !_refresh && TimeProvider.System.GetUtcNow() - _readAt < Fresh ? held : null;
}
