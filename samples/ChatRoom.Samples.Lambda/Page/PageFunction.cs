using System.Text.Json;

namespace ChatRoom.Samples.Lambda.Page;

/// <summary>
/// The Lambda entry for the chat page behind an API Gateway HTTP API (payload format 2.0):
/// <c>ChatRoom.Samples.Lambda::ChatRoom.Samples.Lambda.Page.PageFunction::HandleAsync</c>. It serves the same page as
/// the samples, and at <c>/config</c> where the page connects (<see cref="PageOptions"/>).
/// </summary>
/// <remarks>
/// Stream in, stream out, like <see cref="Function"/>: no Lambda package. The files are read and hashed once per
/// execution environment. Thread-safe.
/// </remarks>
public sealed class PageFunction
{
    private static readonly Lazy<PageHandler> Shared = new(
        static () => new PageHandler(PageOptions.FromConfiguration(LambdaServices.FromEnvironment())),
        LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly PageHandler _handler;

    /// <summary>Creates the function with its options from environment variables (<c>ChatRoom__Page__…</c>).</summary>
    public PageFunction()
    {
        _handler = Shared.Value;
    }

    /// <summary>Creates the function with prepared options (tests, the local gateway).</summary>
    /// <param name="options">What the config answer says.</param>
    /// <exception cref="InvalidOperationException">An option is invalid; the message names it.</exception>
    public PageFunction(PageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _handler = new PageHandler(options);
    }

    /// <summary>Handles one HTTP API request event.</summary>
    /// <param name="input">The event's UTF-8 JSON.</param>
    /// <returns>The response JSON (<c>statusCode</c>, <c>headers</c>, <c>body</c>, <c>isBase64Encoded</c>), positioned at its start; 400 for an event that is not JSON or not an HTTP API request.</returns>
    public async Task<Stream> HandleAsync(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        HttpApiEvent? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(input, PageJsonContext.Default.HttpApiEvent).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            request = null;
        }

        var output = new MemoryStream();
        await JsonSerializer.SerializeAsync(output, _handler.Handle(request), PageJsonContext.Default.HttpApiResponse).ConfigureAwait(false);
        output.Position = 0;
        return output;
    }
}
