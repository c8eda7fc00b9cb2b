using System;
using System.Runtime.Versioning;
using System.ServiceProcess;

[assembly: SupportedOSPlatform("windows")]

namespace CertDeploy.TestService
{
    internal static class Program
    {
        private static int Main(string[] args)
        {
            // A crash shows in the event file, so that a test can say why a service died.
            // ServiceBase rethrows what OnStart threw after reporting Stopped, which ends the
            // process; a refusal is already in the file.
            AppDomain.CurrentDomain.UnhandledException += (_, e) =>
            {
                if (e.ExceptionObject is not StartRefusedException)
                {
                    EventFile.Append("crashed: " + e.ExceptionObject.ToString()?.Replace(
                        Environment.NewLine, " | ", StringComparison.Ordinal));
                }
            };

            ServiceOptions options;
            try
            {
                options = ServiceOptions.Parse(args);
            }
            catch (ArgumentException e)
            {
                EventFile.Append("refused: " + e.Message);
                return 87; // ERROR_INVALID_PARAMETER
            }

            ServiceBase.Run(new CosDocLikeService(options));
            return 0;
        }
    }
}
