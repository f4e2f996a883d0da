import { expect, snapshot, test } from './fixtures'

const background = (app: import('@playwright/test').Page): Promise<string> => app.evaluate(() => getComputedStyle(document.body).backgroundColor)
const LIGHT = 'rgb(247, 247, 245)'
const DARK = 'rgb(23, 25, 28)'

test('the theme switch: system, light or dark, remembered after a reload', async ({ app }, testInfo) => {
  await expect(app.getByTestId('dataset-rows')).toBeVisible()
  const theme = app.getByRole('combobox', { name: 'Theme' })
  await expect(theme).toHaveValue('system')
  // "System" follows the system's setting as it changes.
  await app.emulateMedia({ colorScheme: 'dark' })
  await expect.poll(() => background(app)).toBe(DARK)
  await app.emulateMedia({ colorScheme: 'light' })
  await expect.poll(() => background(app)).toBe(LIGHT)

  // Dark, chosen, holds against a light system, and after a reload.
  await theme.selectOption('Dark')
  await expect.poll(() => background(app)).toBe(DARK)
  await snapshot(app, testInfo, 'theme-dark')
  await app.reload()
  await expect(app.getByTestId('dataset-rows')).toBeVisible()
  await expect(theme).toHaveValue('dark')
  await expect.poll(() => background(app)).toBe(DARK)

  // Light, chosen, holds against a dark system.
  await theme.selectOption('Light')
  await app.emulateMedia({ colorScheme: 'dark' })
  await expect.poll(() => background(app)).toBe(LIGHT)
  await theme.selectOption('System')
  await expect.poll(() => background(app)).toBe(DARK)
})

test('the window has a favicon, served to the browser build', async ({ app }) => {
  await expect(app.getByTestId('dataset-rows')).toBeVisible()
  const icon = await app.evaluate(async () => {
    const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]')
    if (link === null) return null
    const response = await fetch(link.href)
    return { status: response.status, type: response.headers.get('content-type'), body: await response.text() }
  })
  expect(icon).toMatchObject({ status: 200, type: expect.stringContaining('image/svg+xml') })
  expect(icon!.body).toContain('<svg')
})
