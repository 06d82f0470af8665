namespace ChatRoom.Internal;

/// <summary><c>ping</c>: answers <c>pong</c>, for clients that keep connections alive through idle proxies.</summary>
internal sealed class PingHandler : IActionHandler
{
    public string Action => "ping";

    public bool NeedsConnection => false;

    public async Task<ChatError?> HandleAsync(ActionContext context)
    {
        await context.ReplyAsync(FrameSerializer.Pong).ConfigureAwait(false);
        return null;
    }
}
