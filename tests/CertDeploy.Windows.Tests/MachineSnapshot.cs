using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace CertDeploy.Windows.Tests
{
    /// <summary>The bytes of every appsettings file of every registered service, by path.</summary>
    internal static class MachineSnapshot
    {
        public static Dictionary<string, byte[]> SettingsFiles(CosDocMachine machine) =>
            machine.Services
                .SelectMany(s => Directory.GetFiles(s.Folder, "appsettings*.json"))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToDictionary(path => path, File.ReadAllBytes, StringComparer.OrdinalIgnoreCase);

        /// <summary>Asserts that each file is there with the same bytes and that no file was added.</summary>
        public static void AssertUnchanged(CosDocMachine machine, Dictionary<string, byte[]> before)
        {
            var after = SettingsFiles(machine);
            Xunit.Assert.Equal(before.Keys.OrderBy(k => k), after.Keys.OrderBy(k => k));
            foreach (var (path, bytes) in before)
            {
                Xunit.Assert.True(bytes.SequenceEqual(after[path]), $"{path} differs from before the run");
            }
        }
    }
}
