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
