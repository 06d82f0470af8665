namespace ChatRoom.Samples.LocalGateway;

/// <summary>Changes to the Lambda sample's services inside the gateway, e.g. an authorizer in tests; nothing by default.</summary>
/// <param name="Configure">Runs after the sample registered its services.</param>
internal sealed record FunctionCustomization(Action<IServiceCollection>? Configure);
