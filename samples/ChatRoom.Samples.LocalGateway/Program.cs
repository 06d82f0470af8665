using ChatRoom.Samples.LocalGateway;

GatewayApp.Build(args).Run();
