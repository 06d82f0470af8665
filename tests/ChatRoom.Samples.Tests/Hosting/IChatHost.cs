namespace ChatRoom.Samples.Tests.Hosting;

/// <summary>A running chat server that protocol clients connect to: the ASP.NET Core sample, or the local API Gateway.</summary>
public interface IChatHost
{
    /// <summary>Gets the address of the page, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    Uri BaseAddress { get; }

    /// <summary>Gets the WebSocket address for a client named <paramref name="name"/>.</summary>
    Uri ChatUri(string name);
}
