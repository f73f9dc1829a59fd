@echo off
rem Opens the kiosk copy beside this file (ocopgen-kiosk\index.html) in
rem kiosk mode: full screen, no address bar; Alt+F4 closes it. Chromium,
rem else Google Chrome, else Microsoft Edge (also built on Chromium).
set "PAGE=%~dp0ocopgen-kiosk\index.html"
set "FLAGS=--kiosk --incognito --no-first-run --noerrdialogs --disable-session-crashed-bubble --disable-pinch --overscroll-history-navigation=0 --disable-features=Translate"
set "PF86=%ProgramFiles(x86)%"
for %%B in ("%LOCALAPPDATA%\Chromium\Application\chrome.exe" "%ProgramFiles%\Chromium\Application\chrome.exe" "%ProgramFiles%\Google\Chrome\Application\chrome.exe" "%PF86%\Google\Chrome\Application\chrome.exe" "%LOCALAPPDATA%\Google\Chrome\Application\chrome.exe") do (
	if exist %%B (
		start "" %%B %FLAGS% "%PAGE%"
		exit /b 0
	)
)
if exist "%PF86%\Microsoft\Edge\Application\msedge.exe" (
	start "" "%PF86%\Microsoft\Edge\Application\msedge.exe" %FLAGS% --edge-kiosk-type=fullscreen "%PAGE%"
	exit /b 0
)
echo Chromium, Chrome or Edge was not found: install Chromium, then run this file again.
pause
exit /b 1
