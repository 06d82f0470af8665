using ChatRoom.Aws;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Samples.Lambda;

/// <summary>
/// The Lambda entry point for API Gateway WebSocket proxy events:
/// <c>ChatRoom.Samples.Lambda::ChatRoom.Samples.Lambda.Function::HandleAsync</c>.
/// </summary>
/// <remarks>
/// Stream in, stream out, so the managed runtime needs no serializer and the sample needs no Lambda package;
/// <see cref="ApiGatewayWebSocketHandler"/> does the work. The services (engine, DynamoDB client, HTTP client for
/// <c>@connections</c>) are built once per container on the cold start and reused by every invocation.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "Function is the name AWS templates and tooling expect for a Lambda handler type.")]
public sealed class Function
{
    private static readonly Lazy<IServiceProvider> Shared = new(
        static () => LambdaServices.Build(LambdaServices.FromEnvironment()),
        LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly ApiGatewayWebSocketHandler _handler;

    /// <summary>Creates the function with the process-wide services, configured from environment variables (<c>ChatRoom__…</c>).</summary>
    public Function()
        : this(Shared.Value)
    {
    }

    /// <summary>Creates the function with prepared services (tests, the local gateway).</summary>
    /// <param name="services">Services from <see cref="LambdaServices.Build"/> or an equivalent container.</param>
    public Function(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _handler = services.GetRequiredService<ApiGatewayWebSocketHandler>();
    }

    /// <summary>Handles one API Gateway WebSocket proxy event.</summary>
    /// <param name="input">The event JSON.</param>
    /// <returns>The response JSON, e.g. <c>{"statusCode":200}</c>.</returns>
    public Task<Stream> HandleAsync(Stream input) => _handler.HandleAsync(input);
}
