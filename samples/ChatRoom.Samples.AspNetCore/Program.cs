using ChatRoom.Samples.AspNetCore;

SampleApp.Build(args).Run();
