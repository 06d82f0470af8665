using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/ChatRoom.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
