namespace ChatRoom.Internal;

/// <summary><c>ping</c>: answers <c>pong</c>, for clients that keep connections alive through idle proxies.</summary>
internal sealed class PingHandler : IActionHandler
{
    public string Action => "ping";

    public bool NeedsConnection => false;

    public Task HandleAsync(ActionContext context) => context.ReplyAsync(FrameSerializer.Pong);
}
