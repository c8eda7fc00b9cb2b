using System;
using System.Linq;
using System.ServiceProcess;
using System.Threading;

namespace CertDeploy.TestService
{
    /// <summary>
    /// Starts only when both configured certificates are in LocalMachine\My (and neither is
    /// refused on its command line), as the CosDoc services do; then runs until stopped, or,
    /// configured with a thumbprint it is told to fail with, stops itself a second after starting:
    /// what a .NET worker service does when a background task fails, for example on first use of
    /// a key its account cannot open.
    /// </summary>
    internal sealed class CosDocLikeService : ServiceBase
    {
        private readonly ServiceOptions _options;

        public CosDocLikeService(ServiceOptions options)
        {
            _options = options;
            ServiceName = "CosDocLikeService";
            CanStop = true;

            // The event log is no part of what the tests read, and Wine has no useful one.
            AutoLog = false;
        }

        protected override void OnStart(string[] args)
        {
            if (_options.StartDelay > TimeSpan.Zero)
            {
                RequestAdditionalTime((int)_options.StartDelay.TotalMilliseconds + 10_000);
                Thread.Sleep(_options.StartDelay);
            }

            string problem;
            try
            {
                problem = CheckCertificates();
            }
            catch (Exception e) when (e is System.IO.IOException or System.Text.Json.JsonException
                or UnauthorizedAccessException
                or System.Security.Cryptography.CryptographicException)
            {
                problem = e.GetType().Name + ": " + e.Message;
            }

            if (problem.Length > 0)
            {
                EventFile.Append("refused: " + problem);
                ExitCode = 13; // ERROR_INVALID_DATA, as a service with bad configuration reports.
                throw new StartRefusedException(problem);
            }
        }

        protected override void OnStop()
        {
            if (_options.StopDelay > TimeSpan.Zero)
            {
                RequestAdditionalTime((int)_options.StopDelay.TotalMilliseconds + 10_000);
                Thread.Sleep(_options.StopDelay);
            }

            EventFile.Append("stopped");
        }

        // Stopping through the service control manager, not by ending the process: Wine's keeps a
        // service whose process ended without saying so as running.
        private void FailSoon(string thumbprint)
        {
            var failure = new Thread(() =>
            {
                Thread.Sleep(TimeSpan.FromSeconds(1));
                EventFile.Append($"failed after start: thumbprint {thumbprint} is fatal by --fail-after-start");
                ExitCode = 1064; // ERROR_EXCEPTION_IN_SERVICE
                Stop();
            })
            {
                IsBackground = true,
            };
            failure.Start();
        }

        private string CheckCertificates()
        {
            var environmentName = CertSettingsReader.EnvironmentName();
            var settings = CertSettingsReader.Read(AppContext.BaseDirectory, environmentName);
            var signing = settings.SigningThumbprint;
            var encryption = settings.EncryptionThumbprint;

            if (string.IsNullOrEmpty(signing) || string.IsNullOrEmpty(encryption))
            {
                return $"CertSettings of environment {environmentName} lacks "
                    + (string.IsNullOrEmpty(signing) ? "SigningThumbprint" : "EncryptionThumbprint");
            }

            var refused = _options.Refused.FirstOrDefault(
                r => string.Equals(r, signing, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(r, encryption, StringComparison.OrdinalIgnoreCase));
            if (refused is not null)
            {
                return $"thumbprint {refused} is refused by --refuse";
            }

            if (!MachineStore.Contains(signing))
            {
                return $"signing certificate {signing} is not in LocalMachine\\My";
            }

            if (!MachineStore.Contains(encryption))
            {
                return $"encryption certificate {encryption} is not in LocalMachine\\My";
            }

            EventFile.Append($"started with {signing}/{encryption}");
            var fatal = _options.FailsAfterStartWith.FirstOrDefault(
                d => string.Equals(d, signing, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(d, encryption, StringComparison.OrdinalIgnoreCase));
            if (fatal is not null)
            {
                FailSoon(fatal);
            }

            return string.Empty;
        }
    }
}

namespace CertDeploy.TestService
{
    /// <summary>Thrown from OnStart so that the service control manager sees the start fail.</summary>
    internal sealed class StartRefusedException : InvalidOperationException
    {
        public StartRefusedException(string message)
            : base(message)
        {
        }
    }
}
